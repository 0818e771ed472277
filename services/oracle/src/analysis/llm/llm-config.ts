/** DeepInfra's OpenAI-compatible models, strongest first, then a small fast one. */
export const DEFAULT_LLM_MODELS = [
  'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  'Qwen/Qwen2.5-72B-Instruct',
  'meta-llama/Meta-Llama-3.1-8B-Instruct',
].join(',');

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** DeepInfra's list prices when this was written; LLM_PRICES overrides or adds models. */
const LIST_PRICES: Record<string, ModelPrice> = {
  'meta-llama/Llama-3.3-70B-Instruct-Turbo': { input: 0.13, output: 0.39 },
  'Qwen/Qwen2.5-72B-Instruct': { input: 0.13, output: 0.4 },
  'meta-llama/Meta-Llama-3.1-8B-Instruct': { input: 0.03, output: 0.05 },
};

export interface LlmConfig {
  baseUrl: string;
  /** Absent: no model is called, every analysis is the deterministic summary. */
  apiKey: string | undefined;
  models: string[];
  timeoutMs: number;
  maxRetries: number;
  /** Tenant defaults; a tenant's own budget row overrides them. */
  monthlyTokenBudget: number;
  monthlyTokenCap: number;
  prices: Record<string, ModelPrice>;
}

export interface LlmEnv {
  LLM_BASE_URL: string;
  LLM_API_KEY?: string | undefined;
  LLM_MODELS: string;
  LLM_TIMEOUT_MS: number;
  LLM_MAX_RETRIES: number;
  LLM_MONTHLY_TOKEN_BUDGET: number;
  LLM_MONTHLY_TOKEN_CAP: number;
  LLM_PRICES: string;
}

export function toLlmConfig(env: LlmEnv): LlmConfig {
  const models = env.LLM_MODELS.split(',')
    .map((model) => model.trim())
    .filter(Boolean);
  if (models.length === 0) throw new Error('LLM_MODELS names no model');
  return {
    baseUrl: env.LLM_BASE_URL,
    apiKey: env.LLM_API_KEY,
    models,
    timeoutMs: env.LLM_TIMEOUT_MS,
    maxRetries: env.LLM_MAX_RETRIES,
    monthlyTokenBudget: env.LLM_MONTHLY_TOKEN_BUDGET,
    monthlyTokenCap: env.LLM_MONTHLY_TOKEN_CAP,
    prices: { ...LIST_PRICES, ...parsePrices(env.LLM_PRICES) },
  };
}

/** `model=in:out,model=in:out` (a model name may hold `/` and `.`, never `=` or `,`). */
export function parsePrices(text: string): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (!entry) continue;
    const match = /^([^=]+)=(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(entry);
    if (!match?.[1] || !match[2] || !match[3]) {
      throw new Error(`LLM_PRICES: expected model=input:output, got "${entry}"`);
    }
    prices[match[1].trim()] = { input: Number(match[2]), output: Number(match[3]) };
  }
  return prices;
}
