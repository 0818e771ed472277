/** The entries whose value is known: a missing fact is left out rather than sent as undefined. */
export function definedAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}
