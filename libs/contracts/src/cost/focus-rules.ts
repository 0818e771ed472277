import {
  FOCUS_COLUMN_BY_NAME,
  FOCUS_COLUMNS,
  FOCUS_CUSTOM_COLUMN_PREFIX,
  FOCUS_MANDATORY_COLUMNS,
  FOCUS_ROW_RULES,
  type FocusColumn,
  type FocusRow,
} from './focus-columns';

/**
 * Checks a FOCUS 1.2 CSV against the spec's column rules (focus-columns.ts): the header once,
 * then every row. Rules that need more than one row (sums per invoice or commitment, consistency
 * over time) are not checked here.
 */

const BY_LOWER_CASE = new Map(FOCUS_COLUMNS.map((c) => [c.name.toLowerCase(), c.name]));

/**
 * The header's violations: every Mandatory column present, each column once, every name spelled
 * exactly as FOCUS spells it, and any other column a custom one prefixed `x_`.
 */
export function validateFocusHeader(columns: string[]): string[] {
  const violations: string[] = [];
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) {
      violations.push(`header: column ${name} appears more than once`);
      continue;
    }
    seen.add(name);
    if (FOCUS_COLUMN_BY_NAME.has(name) || name.startsWith(FOCUS_CUSTOM_COLUMN_PREFIX)) continue;
    const spelled = BY_LOWER_CASE.get(name.trim().toLowerCase());
    violations.push(
      spelled
        ? `header: column ${name} must be spelled ${spelled}`
        : `header: column ${name} is not a FOCUS 1.2 column and custom columns must start with ${FOCUS_CUSTOM_COLUMN_PREFIX}`,
    );
  }
  for (const name of FOCUS_MANDATORY_COLUMNS) {
    if (!seen.has(name)) violations.push(`header: Mandatory column ${name} is missing`);
  }
  return violations;
}

// ---- value formats ------------------------------------------------------------------------------

/** DateTimeFormat: extended ISO 8601 in UTC, 'YYYY-MM-DDTHH:mm:ssZ', and a real instant. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    at.getUTCFullYear() === year &&
    at.getUTCMonth() === month - 1 &&
    at.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

/**
 * NumericFormat: an integer, a decimal with a single "." or E notation "mEn"; a "-" only for a
 * negative value (no "+", not even on the exponent), no thousands separators, units or symbols.
 */
const NUMERIC = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;

/** CurrencyFormat, national currency: an ISO 4217 alphabetic code, three upper-case letters. */
const ISO_4217 = /^[A-Z]{3}$/;

/** KeyValueFormat: a JSON object whose values are numbers, strings, true, false or null. */
function keyValueViolation(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'is not valid JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'must be a JSON object';
  }
  for (const [key, v] of Object.entries(parsed)) {
    if (typeof v === 'object' && v !== null) {
      return `value of key '${key}' must be a string, number, boolean or null, not an ${Array.isArray(v) ? 'array' : 'object'}`;
    }
  }
  return duplicateKey(value);
}

/** JSON.parse keeps the last of two equal keys; KeyValueFormat wants keys unique. */
function duplicateKey(value: string): string | undefined {
  // The object is flat (checked before), so every string token followed by ":" is one of its keys.
  const keys = new Set<string>();
  for (let i = 0; i < value.length; i += 1) {
    if (value[i] !== '"') continue;
    let end = i + 1;
    while (value[end] !== '"') end += value[end] === '\\' ? 2 : 1;
    const key = JSON.parse(value.slice(i, end + 1)) as string;
    i = end;
    while (/\s/.test(value[i + 1] ?? '')) i += 1;
    if (value[i + 1] !== ':') continue;
    if (keys.has(key)) return `has the key '${key}' more than once`;
    keys.add(key);
  }
  return undefined;
}

const quote = (value: string): string => `'${value}'`;

function valueViolation(column: FocusColumn, value: string): string | undefined {
  const { name } = column;
  if (value.trim() === '') {
    return column.allowsNulls ? undefined : `${name} must not be blank`;
  }
  switch (column.dataType) {
    case 'Date/Time':
      return isDateTime(value)
        ? undefined
        : `${name} ${quote(value)} is not an ISO 8601 UTC date/time (YYYY-MM-DDTHH:mm:ssZ)`;
    case 'Decimal':
      if (!NUMERIC.test(value)) return `${name} ${quote(value)} is not a decimal number`;
      return column.nonNegative && value.startsWith('-')
        ? `${name} ${quote(value)} must not be negative`
        : undefined;
    case 'JSON': {
      const wrong = keyValueViolation(value);
      return wrong ? `${name} ${quote(value)} ${wrong}` : undefined;
    }
    case 'String':
      break;
  }
  if (column.allowedValues && !column.allowedValues.includes(value)) {
    return `${name} ${quote(value)} is not one of ${[...column.allowedValues].sort().join(', ')}`;
  }
  if (column.valueFormat === 'CurrencyFormat') {
    // A virtual currency (credits, tokens) is a free string; a national one is ISO 4217.
    const looksNational = /^[A-Za-z]{3}$/.test(value) || column.nationalCurrencyOnly;
    if (looksNational && !ISO_4217.test(value)) {
      return `${name} ${quote(value)} is not an ISO 4217 currency code (three upper-case letters)`;
    }
  }
  return undefined;
}

/**
 * A CSV row's violations. `row` maps each header column to its field; an empty field is null.
 * A Mandatory column missing from the row is read as null; other missing columns are not checked.
 */
export function validateFocusRow(row: Record<string, string>, lineNumber: number): string[] {
  const at = `line ${lineNumber}: `;
  const values: Record<string, string | undefined> = { ...row };
  for (const name of FOCUS_MANDATORY_COLUMNS) values[name] ??= '';
  const read: FocusRow = values;

  const violations: string[] = [];
  for (const column of FOCUS_COLUMNS) {
    const value = read[column.name];
    if (value === undefined) continue;
    if (value === '') {
      if (!column.allowsNulls) violations.push(`${at}${column.name} must not be null`);
      continue;
    }
    const wrong = valueViolation(column, value);
    if (wrong) violations.push(at + wrong);
  }
  for (const rule of FOCUS_ROW_RULES) {
    const wrong = rule.check(read);
    if (wrong) violations.push(at + wrong);
  }
  return violations;
}
