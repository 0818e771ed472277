import { z } from 'zod';

/** Field builders for environment schemas: each parses the raw string and says what it expects. */

export const port = () =>
  z.coerce
    .number({ error: 'expected a TCP port number' })
    .int('expected a whole number')
    .min(1, 'expected a port from 1 to 65535')
    .max(65535, 'expected a port from 1 to 65535');

export const positiveInt = () =>
  z.coerce
    .number({ error: 'expected a number' })
    .int('expected a whole number')
    .positive('expected a number above zero');

export const url = (protocols: readonly string[]) =>
  z.string({ error: 'required' }).refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}` },
  );

export const hostPortList = () =>
  z
    .string({ error: 'required' })
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.length > 0, 'expected at least one host:port')
    .refine(
      (entries) => entries.every((entry) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(entry)),
      'expected a comma-separated list of host:port',
    );

export const boolean = () =>
  z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true');

export const logLevel = () =>
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'expected one of fatal, error, warn, info, debug, trace, silent',
  });
