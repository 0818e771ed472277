import type { FieldProblem } from '../problems/problem';

const NUL = '\u0000';

declare global {
  interface String {
    /** ES2024 (Node 20+); the project's lib setting is ES2023. */
    isWellFormed(): boolean;
  }
}

/**
 * Why a string cannot be stored as PostgreSQL text, or undefined when it can:
 * PostgreSQL refuses a NUL character, and a lone UTF-16 surrogate (which
 * JSON.parse makes of `"\ud800"`) has no UTF-8 encoding.
 */
export function unsafeTextReason(text: string): string | undefined {
  if (text.includes(NUL)) return 'contains a NUL character (U+0000)';
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** A container still to look into, and how it was reached (a path is built only to report). */
interface Pending {
  value: object;
  parent: Pending | undefined;
  key: string;
}

/**
 * The first string (value or field name) anywhere inside `value` that cannot
 * be stored as text, named by its path from `where` (`body.tags.0.key`).
 * Iterative, so a deeply nested body cannot overflow the stack; strings are
 * checked where they stand, so a flat query costs no allocation.
 */
export function findUnsafeText(value: unknown, where: string): FieldProblem | undefined {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason ? { field: where, message: reason } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const pending: Pending[] = [{ value, parent: undefined, key: where }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const container = next;
    const check = (child: unknown, key: string): FieldProblem | undefined => {
      if (typeof child === 'string') {
        const reason = unsafeTextReason(child);
        if (reason) return { field: `${pathOf(container)}.${key}`, message: reason };
      } else if (typeof child === 'object' && child !== null) {
        pending.push({ value: child, parent: container, key });
      }
      return undefined;
    };
    if (Array.isArray(container.value)) {
      const items: unknown[] = container.value;
      for (let index = 0; index < items.length; index++) {
        const problem = check(items[index], String(index));
        if (problem) return problem;
      }
      continue;
    }
    const fields = container.value as Record<string, unknown>;
    for (const key in fields) {
      const reason = unsafeTextReason(key);
      if (reason) return { field: pathOf(container), message: `has a field name that ${reason}` };
      const problem = check(fields[key], key);
      if (problem) return problem;
    }
  }
  return undefined;
}

function pathOf(pending: Pending): string {
  const keys: string[] = [];
  for (let at: Pending | undefined = pending; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}
