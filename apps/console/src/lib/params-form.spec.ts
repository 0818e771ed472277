import { initialValues, paramFields, paramsFromValues } from './params-form';

const resize = {
  type: 'object',
  properties: {
    instanceType: { type: 'string', pattern: '^[a-z][a-z0-9-]*\\d[a-z0-9-]*\\.[a-z0-9]+$' },
  },
  required: ['instanceType'],
  additionalProperties: false,
};
const scale = {
  type: 'object',
  properties: {
    desiredCount: { type: 'integer', minimum: 0, maximum: 1000 },
    force: { type: 'boolean', default: false },
    strategy: { type: 'string', enum: ['rolling', 'all-at-once'], description: 'How to roll' },
    note: { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
    tags: { type: 'object' },
  },
  required: ['desiredCount'],
};

describe('params form from the catalogue JSON Schema', () => {
  it('an action without params has no fields', () => {
    expect(paramFields({ type: 'object', properties: {}, additionalProperties: false })).toEqual({
      fields: [],
      unsupported: [],
    });
    expect(paramsFromValues([], {})).toEqual({ params: {} });
  });

  it('each property becomes a labelled field of its kind, required ones first', () => {
    const { fields, unsupported } = paramFields(scale);
    expect(fields.map((f) => [f.name, f.label, f.kind, f.required])).toEqual([
      ['desiredCount', 'Desired count', 'integer', true],
      ['force', 'Force', 'boolean', false],
      ['strategy', 'Strategy', 'choice', false],
      ['note', 'Note', 'text', false],
    ]);
    expect(fields[0]).toMatchObject({ minimum: 0, maximum: 1000 });
    expect(fields[2]).toMatchObject({
      choices: ['rolling', 'all-at-once'],
      description: 'How to roll',
    });
    expect(fields[3]).toMatchObject({ maxLength: 5 });
    expect(unsupported).toEqual(['tags']);
  });

  it('defaults fill the starting values', () => {
    expect(initialValues(paramFields(scale).fields)).toEqual({
      desiredCount: '',
      force: false,
      strategy: '',
      note: '',
    });
  });

  it('entered text becomes typed params, empty optional fields are left out', () => {
    const { fields } = paramFields(scale);
    expect(
      paramsFromValues(fields, { desiredCount: ' 3 ', force: true, strategy: '', note: '' }),
    ).toEqual({
      params: { desiredCount: 3, force: true },
    });
  });

  it('a value breaking the schema is named on its field', () => {
    const { fields } = paramFields(scale);
    expect(
      paramsFromValues(fields, { desiredCount: '1001', strategy: 'big-bang', note: 'toolong' }),
    ).toEqual({
      errors: {
        desiredCount: 'Enter 1000 or less.',
        strategy: 'Choose one of the options.',
        note: 'Enter at most 5 characters.',
      },
    });
    expect(paramsFromValues(fields, { desiredCount: '2.5' })).toEqual({
      errors: { desiredCount: 'Enter a whole number.' },
    });
  });

  it('a required field left empty and a pattern mismatch are refused before the API', () => {
    const { fields } = paramFields(resize);
    expect(paramsFromValues(fields, { instanceType: '' })).toEqual({
      errors: { instanceType: 'This field is required.' },
    });
    expect(paramsFromValues(fields, { instanceType: 'huge' })).toEqual({
      errors: { instanceType: 'This value is not in the expected format.' },
    });
    expect(paramsFromValues(fields, { instanceType: 't3.large' })).toEqual({
      params: { instanceType: 't3.large' },
    });
  });

  it('a schema that is not an object schema gives no fields', () => {
    expect(paramFields(undefined).fields).toEqual([]);
    expect(paramFields({ type: 'string' }).fields).toEqual([]);
  });
});
