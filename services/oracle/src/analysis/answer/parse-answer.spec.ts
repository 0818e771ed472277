import type { ContextItem } from '../context/analysis-context-source';
import { deterministicSummary } from './deterministic-summary';
import { parseAnswer } from './parse-answer';

const URN = 'codex:aws:1:us-east-1:ec2/instance/i-1';
const items: ContextItem[] = [
  { id: URN, text: `urn=${URN} state=running`, targetUrn: URN, actionTypes: ['start', 'stop'] },
  { id: `${URN}#tags`, text: 'tags: owner=ada@example.org' },
];
const block = (proposals: unknown[]) =>
  `\n\`\`\`json\n${JSON.stringify({ proposedActions: proposals })}\n\`\`\``;

describe('parseAnswer', () => {
  it('keeps only citations of ids that are in the data, each once', () => {
    const parsed = parseAnswer(
      `Idle [ref:${URN}], owned by someone [ref:${URN}#tags], see [ref:invented-id] [ref:${URN}].`,
      items,
    );
    expect(parsed.citations).toEqual([URN, `${URN}#tags`]);
  });

  it('takes the proposals out of the text and keeps those on a resource of the data with an action it has', () => {
    const parsed = parseAnswer(
      `Stop it [ref:${URN}].${block([
        { type: 'stop', targetUrn: URN, params: {}, reason: 'idle' },
        { type: 'terminate', targetUrn: URN, params: {}, reason: 'not in the catalogue' },
        {
          type: 'stop',
          targetUrn: 'codex:aws:1:us-east-1:ec2/instance/i-other',
          reason: 'not in the data',
        },
      ])}`,
      items,
    );
    expect(parsed.text).toBe(`Stop it [ref:${URN}].`);
    expect(parsed.proposedActions).toEqual([
      { type: 'stop', targetUrn: URN, params: {}, reason: 'idle' },
    ]);
  });

  it('a malformed JSON block proposes nothing', () => {
    expect(parseAnswer('text\n```json\n{"proposedActions": [\n```', items).proposedActions).toEqual(
      [],
    );
  });
});

describe('deterministicSummary', () => {
  it('lists the data with its ids, says it is no analysis, and hides personal values', () => {
    const text = deterministicSummary({ subject: 'resource web-1', items }, 'every model failed');
    expect(text).toMatch(/^No language model answered \(every model failed\)/);
    expect(parseAnswer(text, items).citations).toEqual([URN, `${URN}#tags`]);
    expect(text).not.toContain('ada@example.org');
  });
});
