import {
  type Completion,
  type CompletionRequest,
  LlmCallFailed,
  type LlmClient,
} from './llm-client';
import { runModelChain } from './model-chain';

/** Answers or fails per model, as told; streams an answer in two pieces. */
function scriptedClient(
  script: Record<string, Completion | LlmCallFailed | 'fail-mid-stream'>,
): LlmClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    complete(request: CompletionRequest): Promise<Completion> {
      asked.push(request.model);
      const outcome = script[request.model];
      if (outcome === 'fail-mid-stream') {
        request.onText?.('half an ');
        return Promise.reject(new LlmCallFailed(request.model, undefined, 'socket hang up'));
      }
      if (!outcome || outcome instanceof LlmCallFailed) {
        return Promise.reject(outcome ?? new Error('no script'));
      }
      request.onText?.(outcome.text);
      return Promise.resolve(outcome);
    },
  };
}

const messages = [{ role: 'user' as const, content: 'x'.repeat(400) }];
const answer = (text: string, promptTokens = 10, completionTokens = 5): Completion => ({
  text,
  usage: { promptTokens, completionTokens },
});

describe('runModelChain', () => {
  it('the first model that answers is the answer, and the ones after it are not asked', async () => {
    const client = scriptedClient({ a: answer('from a'), b: answer('from b') });
    const result = await runModelChain(client, { models: ['a', 'b'], messages, maxTokens: 100 });
    expect(result).toMatchObject({ answered: true, model: 'a', text: 'from a' });
    expect(client.asked).toEqual(['a']);
  });

  it('a failing model hands over to the next, and both attempts are kept for the ledger', async () => {
    const client = scriptedClient({
      a: new LlmCallFailed('a', 503, 'overloaded'),
      b: answer('from b', 12, 7),
    });
    const result = await runModelChain(client, { models: ['a', 'b'], messages, maxTokens: 100 });
    expect(result).toMatchObject({ answered: true, model: 'b' });
    expect(result.attempts).toEqual([
      {
        model: 'a',
        outcome: 'failed',
        usage: { promptTokens: 0, completionTokens: 0 },
        error: '503: overloaded',
      },
      { model: 'b', outcome: 'answered', usage: { promptTokens: 12, completionTokens: 7 } },
    ]);
  });

  it('when every model fails the result says why, model by model', async () => {
    const client = scriptedClient({
      a: new LlmCallFailed('a', 500, 'boom'),
      b: new LlmCallFailed('b', undefined, 'connect ECONNREFUSED'),
    });
    const result = await runModelChain(client, { models: ['a', 'b'], messages, maxTokens: 100 });
    expect(result.answered).toBe(false);
    expect(!result.answered && result.reason).toBe(
      'every model failed: a (500: boom); b (connect ECONNREFUSED)',
    );
  });

  it('an empty answer counts as a failure', async () => {
    const client = scriptedClient({ a: answer('  '), b: answer('from b') });
    const result = await runModelChain(client, { models: ['a', 'b'], messages, maxTokens: 100 });
    expect(result).toMatchObject({ answered: true, model: 'b' });
  });

  it('a model that fails mid-stream restarts the stream before the next one streams', async () => {
    const client = scriptedClient({ a: 'fail-mid-stream', b: answer('whole answer') });
    const events: string[] = [];
    await runModelChain(client, {
      models: ['a', 'b'],
      messages,
      maxTokens: 100,
      onText: (piece) => events.push(`text:${piece}`),
      onRestart: () => events.push('restart'),
    });
    expect(events).toEqual(['text:half an ', 'restart', 'text:whole answer']);
  });

  it('an answer without usage is counted by estimate, never as free', async () => {
    const client = scriptedClient({ a: answer('four words of answer', 0, 0) });
    const result = await runModelChain(client, { models: ['a'], messages, maxTokens: 100 });
    expect(result.answered && result.usage).toEqual({ promptTokens: 100, completionTokens: 5 });
  });
});
