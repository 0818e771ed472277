import { z } from 'zod';

interface JsonSchemaProperty {
  description?: string;
  default?: unknown;
  examples?: unknown[];
}

/** Renders `.env.example` from an environment schema: one commented line per variable, required ones first. */
export function renderEnvExample(service: string, schema: z.ZodObject): string {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const properties = jsonSchema.properties ?? {};
  const required = new Set(Object.keys(schema.shape).filter((key) => isRequired(schema, key)));
  const names = Object.keys(properties).sort(
    (a, b) => Number(required.has(b)) - Number(required.has(a)) || a.localeCompare(b),
  );

  const lines = [
    `# ${service} — generated from services/${service}/src/config.ts; do not edit by hand.`,
    '# Regenerate with: make env-examples',
    '',
  ];
  for (const name of names) {
    const property = properties[name] ?? {};
    const status = required.has(name) ? 'required' : 'optional';
    lines.push(`# ${property.description ?? name} (${status})`);
    const value = property.examples?.[0] ?? property.default ?? '';
    lines.push(`${required.has(name) ? '' : '# '}${name}=${formatValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function isRequired(schema: z.ZodObject, key: string): boolean {
  const field = schema.shape[key] as z.ZodType | undefined;
  return field !== undefined && !field.safeParse(undefined).success;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
