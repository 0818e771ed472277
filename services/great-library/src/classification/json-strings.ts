/**
 * Every key, string and number of a JSON document, one a line, or undefined when the text
 * is not JSON (a truncated sample often is not). One a line so no value runs into the next.
 */
export function jsonStrings(text: string): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const lines: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') lines.push(value);
    else if (typeof value === 'number') lines.push(String(value));
    else if (Array.isArray(value)) for (const item of value) visit(item);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        lines.push(key);
        visit(item);
      }
    }
  };
  visit(document);
  return lines.join('\n');
}
