/**
 * The form for an action's parameters, generated from the JSON Schema the catalogue gives
 * (GET /api/v1/actions/catalogue): one field per property, and the entered text turned back
 * into typed params with the schema's own rules checked before the API sees them.
 */
export type ParamKind = 'text' | 'integer' | 'number' | 'boolean' | 'choice';

export interface ParamField {
  name: string;
  label: string;
  kind: ParamKind;
  required: boolean;
  description?: string;
  choices?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  defaultValue?: string | boolean;
}

/** What the form holds: text for every field but booleans. */
export type ParamValues = Record<string, string | boolean>;

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** `desiredCount` → `Desired count`, unless the schema has a title. */
export function labelFor(name: string, schema: Schema): string {
  if (typeof schema.title === 'string' && schema.title.trim() !== '') return schema.title;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The non-null type of a property: `type: ['integer','null']` and `anyOf [X, null]` count as X. */
function effective(schema: Schema): { schema: Schema; type: string | undefined } {
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const options = ((schema.anyOf ?? schema.oneOf) as unknown[]).filter(isSchema);
    const nonNull = options.filter((option) => option.type !== 'null');
    if (nonNull.length === 1 && nonNull[0])
      return effective({ ...schema, ...nonNull[0], anyOf: undefined, oneOf: undefined });
  }
  const type = Array.isArray(schema.type)
    ? (schema.type as unknown[]).find((t): t is string => typeof t === 'string' && t !== 'null')
    : typeof schema.type === 'string'
      ? schema.type
      : undefined;
  return { schema, type };
}

function kindOf(schema: Schema, type: string | undefined): ParamKind | undefined {
  if (Array.isArray(schema.enum) || schema.const !== undefined) return 'choice';
  switch (type) {
    case 'string':
      return 'text';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

/**
 * One field per property of an object schema, required ones first in schema order. A
 * property the form cannot edit (nested objects, arrays) is left out and reported in
 * `unsupported`, so the page can say so instead of silently sending nothing.
 */
export function paramFields(schema: unknown): { fields: ParamField[]; unsupported: string[] } {
  if (!isSchema(schema) || !isSchema(schema.properties)) return { fields: [], unsupported: [] };
  const required = new Set(
    Array.isArray(schema.required)
      ? schema.required.filter((name): name is string => typeof name === 'string')
      : [],
  );
  const fields: ParamField[] = [];
  const unsupported: string[] = [];
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (!isSchema(raw)) continue;
    const { schema: property, type } = effective(raw);
    const kind = kindOf(property, type);
    if (kind === undefined) {
      unsupported.push(name);
      continue;
    }
    const field: ParamField = {
      name,
      label: labelFor(name, property),
      kind,
      required: required.has(name),
    };
    if (typeof property.description === 'string') field.description = property.description;
    if (kind === 'choice') {
      const values = Array.isArray(property.enum) ? property.enum : [property.const];
      field.choices = values
        .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
        .map(String);
    }
    const minimum = num(property.minimum) ?? num(property.exclusiveMinimum);
    const maximum = num(property.maximum) ?? num(property.exclusiveMaximum);
    if (minimum !== undefined && minimum > Number.MIN_SAFE_INTEGER) field.minimum = minimum;
    if (maximum !== undefined && maximum < Number.MAX_SAFE_INTEGER) field.maximum = maximum;
    const minLength = num(property.minLength);
    const maxLength = num(property.maxLength);
    if (minLength !== undefined) field.minLength = minLength;
    if (maxLength !== undefined) field.maxLength = maxLength;
    if (typeof property.pattern === 'string') field.pattern = property.pattern;
    if (typeof property.default === 'boolean') field.defaultValue = property.default;
    else if (typeof property.default === 'string' || typeof property.default === 'number')
      field.defaultValue = String(property.default);
    fields.push(field);
  }
  fields.sort((a, b) => Number(b.required) - Number(a.required));
  return { fields, unsupported };
}

/** The form's starting values: each field's default, else empty. */
export function initialValues(fields: readonly ParamField[]): ParamValues {
  return Object.fromEntries(
    fields.map((field) => [
      field.name,
      field.defaultValue ?? (field.kind === 'boolean' ? false : ''),
    ]),
  );
}

function checkNumber(field: ParamField, raw: string): number | string {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) return 'Enter a number.';
  if (field.kind === 'integer' && !Number.isInteger(value)) return 'Enter a whole number.';
  if (field.minimum !== undefined && value < field.minimum)
    return `Enter ${field.minimum} or more.`;
  if (field.maximum !== undefined && value > field.maximum)
    return `Enter ${field.maximum} or less.`;
  return value;
}

function checkText(field: ParamField, raw: string): string | { error: string } {
  if (field.minLength !== undefined && raw.length < field.minLength)
    return { error: `Enter at least ${field.minLength} characters.` };
  if (field.maxLength !== undefined && raw.length > field.maxLength)
    return { error: `Enter at most ${field.maxLength} characters.` };
  if (field.pattern !== undefined) {
    let matches = true;
    try {
      matches = new RegExp(field.pattern, 'u').test(raw);
    } catch {
      matches = true; // a pattern the browser cannot compile is left to the API
    }
    if (!matches) return { error: 'This value is not in the expected format.' };
  }
  return raw;
}

/**
 * The params to send, or a message per field that breaks its schema. Empty optional fields
 * are left out; text is trimmed.
 */
export function paramsFromValues(
  fields: readonly ParamField[],
  values: ParamValues,
): { params: Record<string, unknown> } | { errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const entered = values[field.name];
    if (field.kind === 'boolean') {
      params[field.name] = entered === true;
      continue;
    }
    const raw = typeof entered === 'string' ? entered.trim() : '';
    if (raw === '') {
      if (field.required) errors[field.name] = 'This field is required.';
      continue;
    }
    switch (field.kind) {
      case 'integer':
      case 'number': {
        const checked = checkNumber(field, raw);
        if (typeof checked === 'string') errors[field.name] = checked;
        else params[field.name] = checked;
        break;
      }
      case 'choice':
        if (field.choices && !field.choices.includes(raw))
          errors[field.name] = 'Choose one of the options.';
        else params[field.name] = raw;
        break;
      case 'text': {
        const checked = checkText(field, raw);
        if (typeof checked === 'string') params[field.name] = checked;
        else errors[field.name] = checked.error;
        break;
      }
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { params };
}
