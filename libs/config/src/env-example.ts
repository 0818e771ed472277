import type { z } from 'zod';

interface EnvVariable {
  name: string;
  description: string;
  required: boolean;
  value: string;
}

/** Renders `.env.example` from an environment schema: one commented line per variable, required ones first. */
export function renderEnvExample(service: string, schema: z.ZodObject): string {
  const variables = Object.entries(schema.shape)
    .map(([name, field]) => describeVariable(name, field as z.ZodType))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.name.localeCompare(b.name));

  const lines = [
    `# ${service} — generated from services/${service}/src/config.ts; do not edit by hand.`,
    '# Regenerate with: make env-examples',
    '',
  ];
  for (const variable of variables) {
    lines.push(`# ${variable.description} (${variable.required ? 'required' : 'optional'})`);
    lines.push(`${variable.required ? '' : '# '}${variable.name}=${variable.value}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeVariable(name: string, field: z.ZodType): EnvVariable {
  const unset = field.safeParse(undefined);
  const examples = field.meta()?.examples;
  const example = Array.isArray(examples) ? (examples[0] as unknown) : undefined;
  const fallback = unset.success ? unset.data : undefined;
  return {
    name,
    description: field.description ?? name,
    required: !unset.success,
    value: formatValue(example ?? fallback),
  };
}

function formatValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
