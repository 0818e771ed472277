import { readFileSync, writeFileSync } from 'node:fs';

/** Replaces the `## {heading}` section of a markdown file (or appends it), leaving the others. */
export function rewriteSection(file: string, heading: string, body: string): void {
  const doc = readFileSync(file, 'utf8');
  const title = `## ${heading}`;
  const section = `${title}\n\n${body.trim()}\n`;
  const found = doc.indexOf(`\n${title}\n`);
  if (found === -1) {
    writeFileSync(file, `${doc.trimEnd()}\n\n${section}`);
    return;
  }
  const start = found + 1;
  const next = doc.indexOf('\n## ', start + title.length);
  writeFileSync(file, `${doc.slice(0, start)}${section}${next === -1 ? '' : doc.slice(next)}`);
}

/** The hand-written part of a section, from the line that starts with `marker` to the section's end; null when absent. */
export function sectionNotes(file: string, heading: string, marker: string): string | null {
  const doc = readFileSync(file, 'utf8');
  const found = doc.indexOf(`\n## ${heading}\n`);
  if (found === -1) return null;
  const next = doc.indexOf('\n## ', found + heading.length + 4);
  const section = doc.slice(found, next === -1 ? undefined : next);
  const at = section.indexOf(`\n${marker}`);
  return at === -1 ? null : section.slice(at + 1).trim();
}
