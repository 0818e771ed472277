import { parsePrices, toLlmConfig } from './llm-config';

const env = {
  LLM_BASE_URL: 'https://api.deepinfra.com/v1/openai',
  LLM_MODELS: ' a/b-1 , c ',
  LLM_TIMEOUT_MS: 1000,
  LLM_MAX_RETRIES: 2,
  LLM_MONTHLY_TOKEN_BUDGET: 10,
  LLM_MONTHLY_TOKEN_CAP: 20,
  LLM_PRICES: 'a/b-1=0.5:1.25',
};

describe('LLM config', () => {
  it('reads the chain in order and overrides the list prices', () => {
    const config = toLlmConfig(env);
    expect(config.models).toEqual(['a/b-1', 'c']);
    expect(config.prices['a/b-1']).toEqual({ input: 0.5, output: 1.25 });
    expect(config.prices['meta-llama/Llama-3.3-70B-Instruct-Turbo']).toBeDefined();
    expect(config.apiKey).toBeUndefined();
  });

  it('refuses a price it cannot read, naming the variable', () => {
    expect(() => parsePrices('model=cheap')).toThrow(/LLM_PRICES/);
  });
});
