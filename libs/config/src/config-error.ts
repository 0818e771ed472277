import type { z } from 'zod';

export interface ConfigIssue {
  variable: string;
  problem: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `invalid configuration:\n${issues.map((issue) => `  ${issue.variable}: ${issue.problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }

  static fromZod(error: z.ZodError): ConfigError {
    return new ConfigError(
      error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(environment)',
        problem: issue.message,
      })),
    );
  }
}
