import { applyAnalysisEvent, citationHref, STARTING, withoutRefs } from './analysis-stream';
import type { SseEvent } from './sse';

const run = (events: SseEvent[]) => events.reduce(applyAnalysisEvent, STARTING);

describe('an analysis streaming in', () => {
  it('appends pieces as they come, then takes the final text and citations', () => {
    const partial = run([
      { event: 'text', data: '{"text":"EC2 cost "}' },
      { event: 'message', data: 'rose' },
    ]);
    expect(partial).toMatchObject({ text: 'EC2 cost rose', done: false });
    const final = applyAnalysisEvent(partial, {
      event: 'done',
      data: JSON.stringify({
        text: 'EC2 cost rose [ref:codex:aws:1:eu-west-1:ec2/i-1].',
        citations: ['codex:aws:1:eu-west-1:ec2/i-1', 7],
        fallback: false,
        reason: null,
        model: 'gpt-4o-mini',
      }),
    });
    expect(final).toMatchObject({
      text: 'EC2 cost rose [ref:codex:aws:1:eu-west-1:ec2/i-1].',
      citations: ['codex:aws:1:eu-west-1:ec2/i-1'],
      fallback: false,
      model: 'gpt-4o-mini',
      done: true,
    });
  });

  it('starts over on restart, and marks a deterministic summary', () => {
    const state = run([
      { event: 'text', data: '{"text":"half an ans"}' },
      { event: 'restart', data: '{}' },
      { event: 'text', data: '{"text":"No language model answered"}' },
      {
        event: 'done',
        data: '{"citations":[],"fallback":true,"reason":"no LLM API key is configured"}',
      },
    ]);
    expect(state).toMatchObject({
      text: 'No language model answered',
      fallback: true,
      reason: 'no LLM API key is configured',
      done: true,
    });
  });

  it('ends with the problem an error event carries', () => {
    const state = run([{ event: 'error', data: '{"title":"Too many","detail":"cap reached"}' }]);
    expect(state).toMatchObject({ done: true, error: 'cap reached' });
  });
});

describe('citations', () => {
  it('link a resource (and its facts) to its panel, and nothing else', () => {
    expect(citationHref('codex:aws:1:eu-west-1:ec2/i-1#cost/2026-11-12')).toBe(
      '/inventory?resource=codex%3Aaws%3A1%3Aeu-west-1%3Aec2%2Fi-1',
    );
    expect(citationHref('8d1c0c8e-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('are taken out of the text, where the list shows them', () => {
    expect(withoutRefs('It rose [ref:a#b] on Monday [ref:c].')).toBe('It rose on Monday.');
  });
});
