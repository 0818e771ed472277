import { replaceSection, SECTION_TITLE } from './benchmarks-section';

describe('the backtest section of docs/benchmarks.md', () => {
  const section = `${SECTION_TITLE}\n\nnew figures\n`;

  it('replaces only its own section', () => {
    const before = `# Benchmarks\n\n## bench-a\n\na\n\n${SECTION_TITLE}\n\nold figures\n\n## bench-b\n\nb\n`;
    expect(replaceSection(before, section)).toBe(
      `# Benchmarks\n\n## bench-a\n\na\n\n${SECTION_TITLE}\n\nnew figures\n\n## bench-b\n\nb\n`,
    );
  });

  it('appends the section when the file has none yet', () => {
    expect(replaceSection('# Benchmarks\n\n## bench-a\n\na\n', section)).toBe(
      `# Benchmarks\n\n## bench-a\n\na\n\n${section}`,
    );
  });
});
