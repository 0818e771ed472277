import { type ChatMessage, LlmCallFailed, type LlmClient, type TokenUsage } from './llm-client';

export interface Attempt {
  model: string;
  outcome: 'answered' | 'failed';
  usage: TokenUsage;
  /** Why it failed: the API's status and message, or the network error. */
  error?: string;
}

export type ChainResult =
  | { answered: true; model: string; text: string; usage: TokenUsage; attempts: Attempt[] }
  | { answered: false; reason: string; attempts: Attempt[] };

export interface ChainRequest {
  models: readonly string[];
  messages: ChatMessage[];
  maxTokens: number;
  onText?: (piece: string) => void;
  /** A model failed after streaming some text: what was shown is void, the next model starts over. */
  onRestart?: () => void;
}

const NO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0 };

/**
 * Asks each model in turn (the client has already retried each one) until one answers with
 * text. An answer without usage is counted by estimate, so the ledger never records a free call.
 */
export async function runModelChain(
  client: LlmClient,
  request: ChainRequest,
): Promise<ChainResult> {
  const attempts: Attempt[] = [];
  for (const model of request.models) {
    let streamed = false;
    try {
      const completion = await client.complete({
        model,
        messages: request.messages,
        maxTokens: request.maxTokens,
        onText: (piece) => {
          streamed = true;
          request.onText?.(piece);
        },
      });
      if (!completion.text.trim()) throw new LlmCallFailed(model, undefined, 'an empty answer');
      const usage = hasUsage(completion.usage)
        ? completion.usage
        : {
            promptTokens: estimateTokens(request.messages.map((m) => m.content).join('\n')),
            completionTokens: estimateTokens(completion.text),
          };
      attempts.push({ model, outcome: 'answered', usage });
      return { answered: true, model, text: completion.text, usage, attempts };
    } catch (error) {
      if (streamed) request.onRestart?.();
      attempts.push({ model, outcome: 'failed', usage: NO_USAGE, error: describe(error) });
    }
  }
  return {
    answered: false,
    reason: `every model failed: ${attempts.map((a) => `${a.model} (${a.error ?? ''})`).join('; ')}`,
    attempts,
  };
}

/** About four characters a token, as OpenAI's guidance says for English text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function hasUsage(usage: TokenUsage): boolean {
  return usage.promptTokens > 0 || usage.completionTokens > 0;
}

function describe(error: unknown): string {
  if (error instanceof LlmCallFailed) {
    // The client's messages start with the status already ("500 The server had an error…").
    return error.status === undefined || error.message.startsWith(String(error.status))
      ? error.message
      : `${error.status}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
