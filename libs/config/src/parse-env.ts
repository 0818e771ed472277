import type { z } from 'zod';

import { ConfigError } from './config-error';

/** Parses raw environment variables against a schema, or throws a ConfigError naming every bad variable. */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.output<Schema> {
  const withoutBlanks = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(withoutBlanks);
  if (!result.success) {
    throw ConfigError.fromZod(result.error);
  }
  return result.data;
}

/** For a service's entry point: parse, or print what is wrong and exit with EX_CONFIG (78). */
export function parseEnvOrExit<Schema extends z.ZodType>(
  service: string,
  schema: Schema,
  env: Record<string, string | undefined>,
): z.output<Schema> {
  try {
    return parseEnv(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
