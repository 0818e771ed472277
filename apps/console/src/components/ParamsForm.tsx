import type { ParamField, ParamValues } from '../lib/params-form';
import { CheckboxField, Field, SelectField } from './ui';

function describe(field: ParamField): string | undefined {
  const limits = [
    field.minimum !== undefined && `at least ${field.minimum}`,
    field.maximum !== undefined && `at most ${field.maximum}`,
  ].filter(Boolean);
  const parts = [field.description, limits.length > 0 ? limits.join(', ') : undefined].filter(
    Boolean,
  );
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The action's parameters as form fields, generated from the catalogue's JSON Schema. */
export function ParamsForm({
  fields,
  values,
  onChange,
  errorFor,
}: {
  fields: readonly ParamField[];
  values: ParamValues;
  onChange: (values: ParamValues) => void;
  errorFor: (name: string) => string | undefined;
}) {
  if (fields.length === 0) return null;
  const set = (name: string) => (value: string | boolean) => onChange({ ...values, [name]: value });
  return (
    <fieldset className="params">
      <legend>Parameters</legend>
      {fields.map((field) => {
        const value = values[field.name];
        switch (field.kind) {
          case 'boolean':
            return (
              <CheckboxField
                key={field.name}
                label={field.label}
                value={value === true}
                onChange={set(field.name)}
              />
            );
          case 'choice':
            return (
              <SelectField
                key={field.name}
                label={field.label}
                name={field.name}
                value={typeof value === 'string' ? value : ''}
                onChange={set(field.name)}
                options={field.choices ?? []}
                {...(field.required ? {} : { emptyLabel: 'None' })}
                error={errorFor(field.name)}
                description={describe(field)}
              />
            );
          case 'integer':
          case 'number':
          case 'text':
            return (
              <Field
                key={field.name}
                label={field.label}
                name={field.name}
                value={typeof value === 'string' ? value : ''}
                onChange={set(field.name)}
                isRequired={field.required}
                error={errorFor(field.name)}
                description={describe(field)}
                {...(field.kind === 'text' ? {} : { type: 'number' as const })}
              />
            );
        }
      })}
    </fieldset>
  );
}
