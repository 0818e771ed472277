export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface Completion {
  text: string;
  usage: TokenUsage;
}

export interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  /** Called with each piece of text as the model streams it. */
  onText?: (piece: string) => void;
}

/** A model call that failed after the client's own retries; `status` when the API answered. */
export class LlmCallFailed extends Error {
  constructor(
    readonly model: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** An OpenAI-compatible chat API. Retries 429 and 5xx itself (honouring retry-after), then throws LlmCallFailed. */
export interface LlmClient {
  complete(request: CompletionRequest): Promise<Completion>;
}

export const LLM_CLIENT = Symbol('LLM_CLIENT');
