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

/**
 * The first string (value or field name) anywhere inside `value` that cannot
 * be stored as text, named by its path from `where` (`body.tags.0.key`).
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findUnsafeText(value: unknown, where: string): FieldProblem | undefined {
  const pending: [unknown, string][] = [[value, where]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      const reason = unsafeTextReason(current);
      if (reason) return { field: path, message: reason };
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push([current[index], `${path}.${index}`]);
      }
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, field] = entries[index] as [string, unknown];
        const reason = unsafeTextReason(key);
        if (reason) return { field: path, message: `has a field name that ${reason}` };
        pending.push([field, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}
