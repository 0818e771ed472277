/** One thing wrong with the input, as the API names it (`body.credentials.roleArn`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem document from the API, or what the console makes of any other failure. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors: FieldProblem[];
  requestId?: string;
}

/** Thrown by the API client for every answer that is not 2xx, and for network failures. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problemMessage(problem));
    this.name = 'ProblemError';
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** Reads whatever came back (problem document, other JSON, text, nothing) into a Problem. */
export function toProblem(status: number, body: unknown): Problem {
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(record.errors)
    ? record.errors.flatMap((entry: unknown): FieldProblem[] => {
        if (entry === null || typeof entry !== 'object') return [];
        const { field, message } = entry as Record<string, unknown>;
        const said = text(message);
        return said ? [{ field: text(field) ?? '', message: said }] : [];
      })
    : [];
  const requestId = text(record.requestId);
  return {
    status,
    code: text(record.code) ?? fallbackCode(status),
    title: text(record.title) ?? '',
    detail: text(record.detail) ?? (typeof body === 'string' ? body.slice(0, 300) : ''),
    errors,
    ...(requestId ? { requestId } : {}),
  };
}

/** A failure to reach the API at all (offline, DNS, connection refused). */
export function networkProblem(): Problem {
  return { status: 0, code: 'network_error', title: '', detail: '', errors: [] };
}

function fallbackCode(status: number): string {
  if (status === 0) return 'network_error';
  return `http_${status}`;
}

/** One readable sentence for people, whatever the API answered. */
export function problemMessage(problem: Problem): string {
  const detail = problem.detail.trim();
  switch (true) {
    case problem.status === 0:
      return 'Codex cannot be reached. Check your connection and try again.';
    case problem.status === 401:
      return 'Your session has ended. Sign in again.';
    case problem.status === 403:
      return detail
        ? `You are not allowed to do this: ${detail}`
        : 'You are not allowed to do this.';
    case problem.status === 429:
      return 'Too many requests right now. Wait a moment and try again.';
    case problem.status >= 500: {
      const reference = problem.requestId ? ` (reference ${problem.requestId})` : '';
      return `Codex could not complete the request${reference}. Try again in a moment.`;
    }
    case detail !== '':
      return sentence(detail);
    case problem.errors.length > 0:
      return 'Some fields need attention.';
    case problem.title !== '':
      return sentence(problem.title);
    default:
      return `The request failed (${problem.code}).`;
  }
}

function sentence(value: string): string {
  const first = value.charAt(0).toUpperCase() + value.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** `body.credentials.roleArn` → `credentials.roleArn`: the API's path without where it was. */
export function fieldPath(field: string): string {
  return field.replace(/^(body|query|params|header)\.?/, '');
}

/**
 * Each error placed on the form field it belongs to: the longest known field that is the
 * error's path or a parent of it (`regions.2` goes to `regions`). Errors that fit no field
 * come back under `form`, to show above the form.
 */
export function fieldErrors(
  problem: Problem,
  knownFields: readonly string[],
): { byField: Record<string, string>; form: FieldProblem[] } {
  const byField: Record<string, string> = {};
  const form: FieldProblem[] = [];
  const sorted = [...knownFields].sort((a, b) => b.length - a.length);
  for (const error of problem.errors) {
    const path = fieldPath(error.field);
    const owner = sorted.find((known) => path === known || path.startsWith(`${known}.`));
    if (owner === undefined) {
      form.push(error);
    } else {
      byField[owner] = byField[owner] ? `${byField[owner]}; ${error.message}` : error.message;
    }
  }
  return { byField, form };
}

/** `credentials.accessKeyId` → `credentials › access key id`, for errors that fit no field. */
export function fieldLabel(field: string): string {
  const path = fieldPath(field);
  if (path === '') return 'request';
  return path
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' › ');
}
