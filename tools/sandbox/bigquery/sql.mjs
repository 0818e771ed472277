// The SQL the sandbox answers: one SELECT from one table, filtered by comparisons joined
// with AND, optionally grouped by one column with MAX/MIN/COUNT/SUM, ordered and limited.
// parseQuery() turns the text into a plan; runQuery() evaluates it over stored rows and
// returns the result's schema and rows. Anything outside that answers invalidQuery.
import { invalidQuery } from './errors.mjs';
import { canonicalType, timestampMicros } from './values.mjs';

const KEYWORDS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'GROUP',
  'ORDER',
  'BY',
  'AS',
  'ASC',
  'DESC',
  'LIMIT',
  'TRUE',
  'FALSE',
  'NULL',
]);
const AGGREGATES = new Set(['MAX', 'MIN', 'COUNT', 'SUM']);
const OPERATORS = ['<=', '>=', '!=', '<>', '=', '<', '>'];

function tokenize(text) {
  const tokens = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = () => `[${line}:${i - lineStart + 1}]`;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\n') {
      line += 1;
      lineStart = i + 1;
      i += 1;
      continue;
    }
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (text.startsWith('--', i) || ch === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
      continue;
    }
    const where = at();
    let match;
    if ((match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)))) {
      const upper = match[0].toUpperCase();
      const kind = KEYWORDS.has(upper) ? 'keyword' : 'ident';
      tokens.push({ kind, value: kind === 'keyword' ? upper : match[0], where });
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw invalidQuery(`Syntax error: Unclosed identifier literal at ${where}`);
      match = [text.slice(i, end + 1)];
      tokens.push({ kind: 'quoted', value: text.slice(i + 1, end), where });
    } else if (ch === "'" || ch === '"') {
      let value = '';
      let j = i + 1;
      while (j < text.length && text[j] !== ch) {
        if (text[j] === '\\') j += 1;
        value += text[j];
        j += 1;
      }
      if (j >= text.length) throw invalidQuery(`Syntax error: Unclosed string literal at ${where}`);
      match = [text.slice(i, j + 1)];
      tokens.push({ kind: 'string', value, where });
    } else if ((match = /^\d+(\.\d*)?([eE][+-]?\d+)?/.exec(text.slice(i)))) {
      const isInteger = /^\d+$/.test(match[0]);
      tokens.push({ kind: 'number', value: Number(match[0]), isInteger, where });
    } else if ((match = /^@[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)))) {
      tokens.push({ kind: 'param', value: match[0].slice(1), where });
    } else if (OPERATORS.some((op) => text.startsWith(op, i))) {
      match = [OPERATORS.find((op) => text.startsWith(op, i))];
      tokens.push({ kind: 'op', value: match[0], where });
    } else if ('.,()*;'.includes(ch)) {
      match = [ch];
      tokens.push({ kind: 'punct', value: ch, where });
    } else {
      throw invalidQuery(`Syntax error: Illegal input character "${ch}" at ${where}`);
    }
    i += match[0].length;
  }
  tokens.push({ kind: 'end', value: '', where: at() });
  return tokens;
}

class Parser {
  constructor(text) {
    this.tokens = tokenize(text);
    this.position = 0;
  }

  peek() {
    return this.tokens[this.position];
  }

  next() {
    return this.tokens[this.position++];
  }

  is(kind, value) {
    const token = this.peek();
    return token.kind === kind && (value === undefined || token.value === value);
  }

  accept(kind, value) {
    if (!this.is(kind, value)) return null;
    return this.next();
  }

  unexpected() {
    const token = this.peek();
    if (token.kind === 'end')
      return invalidQuery(`Syntax error: Unexpected end of script at ${token.where}`);
    const shown = token.kind === 'keyword' ? `keyword ${token.value}` : `"${token.value}"`;
    return invalidQuery(`Syntax error: Unexpected ${shown} at ${token.where}`);
  }

  expect(kind, value) {
    const token = this.accept(kind, value);
    if (!token) throw this.unexpected();
    return token;
  }

  name() {
    const token = this.accept('ident') ?? this.accept('quoted');
    if (!token) throw this.unexpected();
    return token;
  }

  path() {
    const first = this.name();
    const parts = first.value.split('.');
    while (this.accept('punct', '.')) parts.push(...this.name().value.split('.'));
    return { parts, where: first.where };
  }

  selectItem() {
    const token = this.peek();
    let item;
    if (
      token.kind === 'ident' &&
      AGGREGATES.has(token.value.toUpperCase()) &&
      this.tokens[this.position + 1].value === '('
    ) {
      this.next();
      this.expect('punct', '(');
      const fn = token.value.toUpperCase();
      const argument = fn === 'COUNT' && this.accept('punct', '*') ? '*' : this.path();
      this.expect('punct', ')');
      item = { aggregate: fn, argument, where: token.where };
    } else {
      item = { path: this.path(), where: token.where };
    }
    if (this.accept('keyword', 'AS')) item.alias = this.name().value;
    else if (this.is('ident') || this.is('quoted')) item.alias = this.name().value;
    return item;
  }

  operand() {
    const token = this.next();
    if (token.kind === 'param') return { param: token.value, where: token.where };
    if (token.kind === 'string') return { literal: token.value, type: 'STRING' };
    if (token.kind === 'number') {
      return { literal: token.value, type: token.isInteger ? 'INT64' : 'FLOAT64' };
    }
    if (token.kind === 'keyword' && (token.value === 'TRUE' || token.value === 'FALSE')) {
      return { literal: token.value === 'TRUE', type: 'BOOL' };
    }
    this.position -= 1;
    throw this.unexpected();
  }

  condition() {
    const path = this.path();
    const op = this.expect('op').value;
    return { path, op: op === '<>' ? '!=' : op, operand: this.operand() };
  }

  query() {
    this.expect('keyword', 'SELECT');
    const select = [];
    if (this.accept('punct', '*')) select.push({ star: true });
    else
      do select.push(this.selectItem());
      while (this.accept('punct', ','));
    this.expect('keyword', 'FROM');
    const table = this.path();
    const where = [];
    if (this.accept('keyword', 'WHERE')) {
      do where.push(this.condition());
      while (this.accept('keyword', 'AND'));
    }
    let groupBy = null;
    if (this.accept('keyword', 'GROUP')) {
      this.expect('keyword', 'BY');
      groupBy = this.is('number') ? { ordinal: this.next().value } : this.path();
      if (this.is('punct', ','))
        throw invalidQuery('The BigQuery sandbox groups by one column only.');
    }
    const orderBy = [];
    if (this.accept('keyword', 'ORDER')) {
      this.expect('keyword', 'BY');
      do {
        const path = this.path();
        const descending = Boolean(this.accept('keyword', 'DESC'));
        if (!descending) this.accept('keyword', 'ASC');
        orderBy.push({ path, descending });
      } while (this.accept('punct', ','));
    }
    let limit = null;
    if (this.accept('keyword', 'LIMIT')) limit = this.expect('number').value;
    this.accept('punct', ';');
    if (!this.is('end')) throw this.unexpected();
    return { select, table, where, groupBy, orderBy, limit };
  }
}

/** { project, dataset, table } named by the FROM clause; project/dataset default from the request. */
export function tableOf(plan, defaults) {
  const parts = plan.table.parts;
  if (parts.length === 3) return { project: parts[0], dataset: parts[1], table: parts[2] };
  if (parts.length === 2) return { project: defaults.project, dataset: parts[0], table: parts[1] };
  if (parts.length === 1 && defaults.dataset) {
    return { project: defaults.project, dataset: defaults.dataset, table: parts[0] };
  }
  throw invalidQuery(
    `Table "${parts.join('.')}" must be qualified with a dataset (e.g. dataset.table). at ${plan.table.where}`,
  );
}

export function parseQuery(text) {
  if (typeof text !== 'string' || !text.trim()) throw invalidQuery('Query text is empty.');
  return new Parser(text).query();
}

function typeName(field) {
  const type = canonicalType(field.type);
  const base =
    type === 'RECORD'
      ? `STRUCT<${field.fields.map((f) => `${f.name} ${typeName(f)}`).join(', ')}>`
      : ({ INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL' }[type] ?? type);
  return field.mode === 'REPEATED' ? `ARRAY<${base}>` : base;
}

/** The column `path` names: { field, parts } with the schema's own spelling of each part. */
function resolve(fields, path) {
  let scope = fields;
  let field = null;
  const parts = [];
  for (const part of path.parts) {
    if (field) {
      if (field.mode === 'REPEATED' || canonicalType(field.type) !== 'RECORD') {
        throw invalidQuery(
          `Cannot access field ${part} on a value with type ${typeName(field)} at ${path.where}`,
        );
      }
      scope = field.fields;
    }
    field = scope.find((f) => f.name.toLowerCase() === part.toLowerCase());
    if (!field) {
      const message = parts.length
        ? `Field name ${part} does not exist in STRUCT<${scope.map((f) => `${f.name} ${typeName(f)}`).join(', ')}>`
        : `Unrecognized name: ${part}`;
      throw invalidQuery(`${message} at ${path.where}`);
    }
    parts.push(field.name);
  }
  return { field, parts };
}

const valueAt = (row, parts) =>
  parts.reduce((value, part) => (value == null ? null : value[part]), row);

const NUMERIC_TYPES = new Set(['INTEGER', 'FLOAT', 'NUMERIC', 'BIGNUMERIC']);
const PARAM_TYPES = { INT64: 'INTEGER', FLOAT64: 'FLOAT', BOOL: 'BOOLEAN' };

function compatible(columnType, operandType) {
  if (NUMERIC_TYPES.has(columnType)) return NUMERIC_TYPES.has(operandType);
  if (['TIMESTAMP', 'DATE', 'DATETIME', 'TIME'].includes(columnType)) {
    return operandType === columnType || operandType === 'STRING';
  }
  return columnType === operandType;
}

/** The operand as a value comparable with the column's stored values. */
function operandValue(operand, column, params) {
  let type = operand.type;
  let value = operand.literal;
  if (operand.param !== undefined) {
    const param = params.get(operand.param.toLowerCase());
    if (!param)
      throw invalidQuery(`Query parameter '${operand.param}' not found at ${operand.where}`);
    ({ type, value } = param);
  }
  const columnType = canonicalType(column.field.type);
  const operandType = PARAM_TYPES[type] ?? canonicalType(type);
  if (
    column.field.mode === 'REPEATED' ||
    columnType === 'RECORD' ||
    !compatible(columnType, operandType)
  ) {
    throw invalidQuery(
      `No matching signature for operator for argument types: ${typeName(column.field)}, ${type === 'INTEGER' ? 'INT64' : type}`,
    );
  }
  if (value === null || value === undefined) return null;
  if (columnType === 'TIMESTAMP') {
    const micros = timestampMicros(value);
    if (micros === undefined)
      throw invalidQuery(`Could not cast literal "${value}" to type TIMESTAMP`);
    return micros;
  }
  if (NUMERIC_TYPES.has(columnType)) return Number(value);
  if (columnType === 'BOOLEAN') return value === true || value === 'true';
  return String(value);
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const x = typeof a === 'string' && typeof b === 'number' ? Number(a) : a;
  const y = typeof b === 'string' && typeof a === 'number' ? Number(b) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

const TESTS = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

/** Query parameters by lower-case name: { type, value }. */
function parameterMap(queryParameters = []) {
  const params = new Map();
  for (const parameter of queryParameters) {
    if (!parameter.name)
      throw invalidQuery('Positional parameters are not supported by the sandbox.');
    const type = String(parameter.parameterType?.type ?? 'STRING').toUpperCase();
    if (type === 'ARRAY' || type === 'STRUCT' || type === 'RANGE') {
      throw invalidQuery(`Parameters of type ${type} are not supported by the sandbox.`);
    }
    params.set(parameter.name.toLowerCase(), {
      type,
      value: parameter.parameterValue?.value ?? null,
    });
  }
  return params;
}

function filterRows(plan, fields, rows, params) {
  const tests = plan.where.map((condition) => {
    const column = resolve(fields, condition.path);
    const expected = operandValue(condition.operand, column, params);
    const test = TESTS[condition.op];
    return (row) => {
      const actual = valueAt(row, column.parts);
      if (actual === null || actual === undefined || expected === null) return false;
      const numeric = NUMERIC_TYPES.has(canonicalType(column.field.type));
      return test(compare(numeric ? Number(actual) : actual, expected));
    };
  });
  return tests.length ? rows.filter((row) => tests.every((test) => test(row))) : rows;
}

function outputName(item, index, anonymous) {
  if (item.alias) return item.alias;
  if (item.path) return item.path.parts.at(-1);
  return `f${anonymous.count++}_`;
}

function checkDuplicates(fields) {
  const seen = new Set();
  for (const field of fields) {
    const key = field.name.toLowerCase();
    if (seen.has(key)) {
      throw invalidQuery(
        `Duplicate column names in the result are not supported. Found duplicate(s): ${field.name}`,
      );
    }
    seen.add(key);
  }
}

function sortRows(rows, keys) {
  if (!keys.length) return rows;
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const order = compare(key.get(a), key.get(b));
      if (order) return key.descending ? -order : order;
    }
    return 0;
  });
}

function orderable(column, where) {
  const type = canonicalType(column.field.type);
  if (column.field.mode === 'REPEATED' || type === 'RECORD') {
    throw invalidQuery(
      `ORDER BY does not support expressions of type ${typeName(column.field)} at ${where}`,
    );
  }
  const numeric = NUMERIC_TYPES.has(type) && type !== 'FLOAT';
  return numeric ? (value) => (value == null ? value : Number(value)) : (value) => value;
}

function plainSelect(plan, fields, rows) {
  if (plan.select[0]?.star) {
    const keys = plan.orderBy.map((order) => {
      const column = resolve(fields, order.path);
      const cast = orderable(column, order.path.where);
      return { descending: order.descending, get: (row) => cast(valueAt(row, column.parts)) };
    });
    return { fields, rows: sortRows(rows, keys) };
  }
  const anonymous = { count: 0 };
  const columns = plan.select.map((item, index) => {
    const column = resolve(fields, item.path);
    return { ...column, name: outputName(item, index, anonymous) };
  });
  const outFields = columns.map((column) => ({ ...column.field, name: column.name }));
  checkDuplicates(outFields);
  const keys = plan.orderBy.map((order) => {
    const alias =
      order.path.parts.length === 1 &&
      columns.find((column) => column.name.toLowerCase() === order.path.parts[0].toLowerCase());
    const column = alias || resolve(fields, order.path);
    const cast = orderable(column, order.path.where);
    return { descending: order.descending, get: (row) => cast(valueAt(row, column.parts)) };
  });
  const out = sortRows(rows, keys).map((row) =>
    Object.fromEntries(columns.map((column) => [column.name, valueAt(row, column.parts)])),
  );
  return { fields: outFields, rows: out };
}

function aggregateOf(item, fields) {
  if (item.argument === '*') {
    return { type: 'INTEGER', start: () => 0, add: (acc) => acc + 1, end: (acc) => String(acc) };
  }
  const column = resolve(fields, item.argument);
  const type = canonicalType(column.field.type);
  if (column.field.mode === 'REPEATED' || type === 'RECORD') {
    throw invalidQuery(
      `No matching signature for aggregate function ${item.aggregate} for argument types: ${typeName(column.field)} at ${item.where}`,
    );
  }
  const read = (row) => valueAt(row, column.parts);
  if (item.aggregate === 'COUNT') {
    return {
      type: 'INTEGER',
      start: () => 0,
      add: (acc, row) => (read(row) == null ? acc : acc + 1),
      end: (acc) => String(acc),
    };
  }
  if (item.aggregate === 'SUM') {
    if (!NUMERIC_TYPES.has(type)) {
      throw invalidQuery(
        `No matching signature for aggregate function SUM for argument types: ${typeName(column.field)} at ${item.where}`,
      );
    }
    const sum = (acc, row) => (read(row) == null ? acc : (acc ?? 0) + Number(read(row)));
    const end = type === 'FLOAT' ? (acc) => acc : (acc) => (acc == null ? null : String(acc));
    return { type, start: () => null, add: sum, end };
  }
  const cast = orderable(column, item.where);
  const wins = item.aggregate === 'MAX' ? (c) => c > 0 : (c) => c < 0;
  return {
    type,
    start: () => null,
    add: (acc, row) => {
      const value = read(row);
      if (value == null) return acc;
      return acc == null || wins(compare(cast(value), cast(acc))) ? value : acc;
    },
    end: (acc) => acc,
  };
}

function groupedSelect(plan, fields, rows) {
  if (plan.select[0]?.star)
    throw invalidQuery('SELECT * cannot be combined with GROUP BY or aggregates in the sandbox.');
  const anonymous = { count: 0 };
  const items = plan.select.map((item, index) => ({
    ...item,
    name: outputName(item, index, anonymous),
  }));
  let key = null;
  if (plan.groupBy) {
    const { ordinal } = plan.groupBy;
    const byAlias =
      ordinal === undefined && plan.groupBy.parts.length === 1
        ? items.find(
            (item) => item.path && item.name.toLowerCase() === plan.groupBy.parts[0].toLowerCase(),
          )
        : ordinal !== undefined && items[ordinal - 1];
    if (ordinal !== undefined && !byAlias?.path)
      throw invalidQuery(`GROUP BY ordinal ${ordinal} is out of range or an aggregate.`);
    key = resolve(fields, byAlias ? byAlias.path : plan.groupBy);
  }
  const columns = items.map((item) => {
    if (item.aggregate) return { name: item.name, aggregate: aggregateOf(item, fields) };
    const column = resolve(fields, item.path);
    if (!key || column.parts.join('.') !== key.parts.join('.')) {
      throw invalidQuery(
        `SELECT list expression references column ${item.path.parts.join('.')} which is neither grouped nor aggregated at ${item.where}`,
      );
    }
    return { name: item.name, column };
  });
  const outFields = columns.map((c) =>
    c.aggregate
      ? { name: c.name, type: c.aggregate.type, mode: 'NULLABLE' }
      : { ...c.column.field, name: c.name },
  );
  checkDuplicates(outFields);
  const groups = new Map();
  for (const row of rows) {
    const value = key ? valueAt(row, key.parts) : null;
    const groupKey = JSON.stringify(value);
    let group = groups.get(groupKey);
    if (!group) {
      group = { value, accumulators: columns.map((c) => c.aggregate?.start()) };
      groups.set(groupKey, group);
    }
    columns.forEach((c, i) => {
      if (c.aggregate) group.accumulators[i] = c.aggregate.add(group.accumulators[i], row);
    });
  }
  if (!key && groups.size === 0)
    groups.set('null', { value: null, accumulators: columns.map((c) => c.aggregate?.start()) });
  const out = [...groups.values()].map((group) =>
    Object.fromEntries(
      columns.map((c, i) => [
        c.name,
        c.aggregate ? c.aggregate.end(group.accumulators[i]) : group.value,
      ]),
    ),
  );
  const keys = plan.orderBy.map((order) => {
    const index =
      order.path.parts.length === 1
        ? outFields.findIndex((f) => f.name.toLowerCase() === order.path.parts[0].toLowerCase())
        : -1;
    if (index < 0)
      throw invalidQuery(
        `ORDER BY of a grouped query must name a selected column at ${order.path.where}`,
      );
    const cast = orderable({ field: outFields[index] }, order.path.where);
    return { descending: order.descending, get: (row) => cast(row[outFields[index].name]) };
  });
  return { fields: outFields, rows: sortRows(out, keys) };
}

/** Evaluates a parsed query over a table's stored rows: { fields, rows }. */
export function runQuery(plan, table, queryParameters) {
  const params = parameterMap(queryParameters);
  const rows = filterRows(plan, table.fields, table.rows, params);
  const grouped = plan.groupBy || plan.select.some((item) => item.aggregate);
  const result = grouped
    ? groupedSelect(plan, table.fields, rows)
    : plainSelect(plan, table.fields, rows);
  return plan.limit === null ? result : { ...result, rows: result.rows.slice(0, plan.limit) };
}
