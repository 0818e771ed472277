/**
 * The tag filter as people type it (`env=production, team=web`, or a bare key) into what the
 * API takes (`tag=env:production&tag=team:web`, at most 10), and back.
 */
export const MAX_TAGS = 10;

export function parseTagFilter(input: string): string[] {
  return input
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      return equals < 0 ? part : `${part.slice(0, equals).trim()}:${part.slice(equals + 1).trim()}`;
    })
    .slice(0, MAX_TAGS);
}

export function formatTagFilter(tags: readonly string[]): string {
  return tags
    .map((tag) => {
      const colon = tag.indexOf(':');
      return colon < 0 ? tag : `${tag.slice(0, colon)}=${tag.slice(colon + 1)}`;
    })
    .join(', ');
}
