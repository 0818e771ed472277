import type { TokenUsage } from '../llm/llm-client';
import type { ModelPrice } from '../llm/llm-config';

/** USD for a call's tokens at the model's price per million; a model without a price costs 0 (tokens still count). */
export function callCostUsd(
  prices: Readonly<Record<string, ModelPrice>>,
  model: string,
  usage: TokenUsage,
): number {
  const price = prices[model];
  if (!price) return 0;
  const micros = usage.promptTokens * price.input + usage.completionTokens * price.output; // USD per 1M × tokens
  return Math.round(micros) / 1_000_000;
}
