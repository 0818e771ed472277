// Values by column type: normalising an insertAll row against the schema (or saying why it
// does not fit), and writing stored values back out in the REST row format
// ({ f: [{ v }] }, a record's v being { f: […] } and a repeated field's v [{ v }]).
const TYPE_ALIASES = {
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  BOOL: 'BOOLEAN',
  STRUCT: 'RECORD',
  DECIMAL: 'NUMERIC',
  BIGDECIMAL: 'BIGNUMERIC',
};
export const SCALAR_TYPES = new Set([
  'STRING',
  'BYTES',
  'INTEGER',
  'FLOAT',
  'NUMERIC',
  'BIGNUMERIC',
  'BOOLEAN',
  'TIMESTAMP',
  'DATE',
  'TIME',
  'DATETIME',
  'JSON',
]);

export const canonicalType = (type) => {
  const upper = String(type ?? '').toUpperCase();
  return TYPE_ALIASES[upper] ?? upper;
};

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TIMESTAMP_TEXT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Microseconds since the epoch of a TIMESTAMP given as text or float seconds, else undefined. */
export function timestampMicros(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1e6);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (NUMBER_TEXT.test(text)) return Math.round(Number(text) * 1e6);
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  let millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(millis)) return undefined;
  if (/^[+-]/.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    millis -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
  }
  return millis * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

/** BigQuery's float-seconds text, e.g. 1.7040672001234E9. */
function floatSeconds(micros) {
  if (micros <= 0) return String(micros / 1e6);
  const digits = String(micros);
  const exponent = digits.length - 7;
  const mantissa = `${digits[0]}.${digits.slice(1)}`.replace(/\.?0+$/, '');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent}`;
}

export function formatTimestamp(micros, format) {
  if (format === 'INT64') return String(micros);
  if (format === 'ISO8601_STRING') {
    const iso = new Date(Math.floor(micros / 1000)).toISOString();
    return `${iso.slice(0, 19)}.${String(((micros % 1e6) + 1e6) % 1e6).padStart(6, '0')}Z`;
  }
  return floatSeconds(micros);
}

class RowProblem extends Error {
  constructor(location, message, reason = 'invalid') {
    super(message);
    this.location = location;
    this.reason = reason;
  }
}

function scalar(type, value, location) {
  const bad = (what) =>
    new RowProblem(
      location,
      `Cannot convert value to ${what} (bad value): ${JSON.stringify(value)}`,
    );
  switch (type) {
    case 'STRING':
    case 'BYTES':
    case 'JSON':
    case 'TIME':
    case 'DATETIME':
      if (typeof value === 'string') return value;
      if (type === 'JSON') return JSON.stringify(value);
      throw bad('string');
    case 'INTEGER': {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text === 'string' && /^[+-]?\d+$/.test(text.trim())) return String(BigInt(text));
      throw bad('integer');
    }
    case 'FLOAT':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) return Number(value);
      if (['NaN', 'Infinity', '-Infinity'].includes(value)) return Number(value);
      throw bad('floating point');
    case 'NUMERIC':
    case 'BIGNUMERIC':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) return value.trim();
      throw bad('numeric');
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad('boolean');
    case 'TIMESTAMP': {
      const micros = timestampMicros(value);
      if (micros === undefined) throw bad('timestamp');
      return micros;
    }
    case 'DATE':
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
      throw bad('date');
    default:
      throw new RowProblem(location, `Unsupported type ${type}.`);
  }
}

function fieldValue(field, value, location, options) {
  if (value === null || value === undefined) {
    if (field.mode === 'REQUIRED') {
      throw new RowProblem(location, `Missing required field: ${location}.`);
    }
    return field.mode === 'REPEATED' ? [] : null;
  }
  if (field.mode === 'REPEATED') {
    if (!Array.isArray(value)) {
      throw new RowProblem(location, `Array specified for non-repeated field: ${location}.`);
    }
    return value.map((item) => single(field, item, location, options));
  }
  if (Array.isArray(value)) {
    throw new RowProblem(location, `Array specified for non-repeated field: ${location}.`);
  }
  return single(field, value, location, options);
}

function single(field, value, location, options) {
  const type = canonicalType(field.type);
  if (type !== 'RECORD') return scalar(type, value, location);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RowProblem(location, `This field: ${location} is not a record.`);
  }
  return recordValue(field.fields, value, location, options);
}

function recordValue(fields, json, prefix, options) {
  const out = {};
  const known = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  for (const name of Object.keys(json)) {
    if (!known.has(name.toLowerCase()) && !options.ignoreUnknownValues) {
      const location = prefix ? `${prefix}.${name}` : name;
      throw new RowProblem(location, `no such field: ${location}.`);
    }
  }
  const byLower = new Map(Object.entries(json).map(([k, v]) => [k.toLowerCase(), v]));
  for (const f of fields) {
    const location = prefix ? `${prefix}.${f.name}` : f.name;
    out[f.name] = fieldValue(f, byLower.get(f.name.toLowerCase()), location, options);
  }
  return out;
}

/** A stored row for `json`, or { problem: { location, message, reason } }. */
export function normaliseRow(fields, json, options = {}) {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { problem: { location: '', reason: 'invalid', message: 'Row is not a JSON object.' } };
  }
  try {
    return { row: recordValue(fields, json, '', options) };
  } catch (error) {
    if (!(error instanceof RowProblem)) throw error;
    return { problem: { location: error.location, reason: error.reason, message: error.message } };
  }
}

function encodeScalar(type, value, options) {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'TIMESTAMP':
      return formatTimestamp(value, options.timestampFormat);
    case 'BOOLEAN':
      return value ? 'true' : 'false';
    case 'FLOAT':
      return Number.isFinite(value) ? String(value) : String(value);
    default:
      return String(value);
  }
}

function encodeSingle(field, value, options) {
  if (canonicalType(field.type) !== 'RECORD') {
    return encodeScalar(canonicalType(field.type), value, options);
  }
  return value === null || value === undefined ? null : encodeRow(field.fields, value, options);
}

/** A stored row in the REST format, fields in schema order. */
export function encodeRow(fields, row, options) {
  return {
    f: fields.map((field) => {
      const value = row[field.name];
      if (field.mode === 'REPEATED') {
        return { v: (value ?? []).map((item) => ({ v: encodeSingle(field, item, options) })) };
      }
      return { v: encodeSingle(field, value, options) };
    }),
  };
}

/** Timestamp format asked for by formatOptions (query body or query string). */
export function timestampFormatOf(formatOptions = {}) {
  const explicit = formatOptions.timestampOutputFormat;
  if (explicit && explicit !== 'TIMESTAMP_OUTPUT_FORMAT_UNSPECIFIED') {
    return explicit === 'FLOAT64' ? 'FLOAT' : explicit;
  }
  const int64 = formatOptions.useInt64Timestamp;
  return int64 === true || int64 === 'true' ? 'INT64' : 'FLOAT';
}
