import { z } from 'zod';

import { renderEnvExample } from './env-example';
import { port } from './env-fields';

describe('renderEnvExample', () => {
  const schema = z.object({
    PORT: port().default(8080).describe('HTTP port'),
    DATABASE_URL: z
      .string()
      .describe('Database')
      .meta({ examples: ['postgres://db'] }),
    TOKEN: z.string().optional().describe('An optional token'),
  });

  it('lists required variables first, live, and optional ones commented out with their defaults', () => {
    const lines = renderEnvExample('svc', schema).split('\n');
    expect(lines.slice(3)).toEqual([
      '# Database (required)',
      'DATABASE_URL=postgres://db',
      '# HTTP port (optional)',
      '# PORT=8080',
      '# An optional token (optional)',
      '# TOKEN=',
      '',
    ]);
  });
});
