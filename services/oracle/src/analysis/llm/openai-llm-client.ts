import OpenAI from 'openai';

import {
  type Completion,
  type CompletionRequest,
  LlmCallFailed,
  type LlmClient,
} from './llm-client';
import type { LlmConfig } from './llm-config';

/**
 * The official OpenAI client against the configured base URL. It retries 429, 408, 409 and
 * 5xx and lost connections with exponential back-off, waiting what retry-after says (up to
 * a minute); answers stream with `include_usage`, so the last chunk carries the tokens billed.
 */
export class OpenAiLlmClient implements LlmClient {
  private readonly client: OpenAI;

  constructor(config: LlmConfig) {
    this.client = new OpenAI({
      apiKey: config.apiKey ?? 'absent',
      baseURL: config.baseUrl,
      timeout: config.timeoutMs,
      maxRetries: config.maxRetries,
    });
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    try {
      const stream = await this.client.chat.completions.create({
        model: request.model,
        messages: request.messages,
        max_tokens: request.maxTokens,
        temperature: 0.2,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage = { promptTokens: 0, completionTokens: 0 };
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta?.content ?? '';
        if (piece) {
          text += piece;
          request.onText?.(piece);
        }
        if (chunk.usage) {
          usage = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          };
        }
      }
      return { text, usage };
    } catch (error) {
      if (error instanceof OpenAI.APIError) {
        throw new LlmCallFailed(request.model, error.status as number | undefined, error.message);
      }
      throw new LlmCallFailed(
        request.model,
        undefined,
        error instanceof Error ? error.message : String(error),
      );
    }
  }
}
