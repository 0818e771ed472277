// The Lucene subset of Auth0's user search (search_engine v3) and log search:
//   field:value  field:"quoted value"  field:val*  (wildcards * and ?)
//   field:[lo TO hi]  field:{lo TO hi}  (* for an open end; dates, numbers, strings)
//   field:>v  field:>=v  field:<v  field:<=v  field:(a OR "b c")
//   _exists_:field   bare terms (matched against the usual text fields)
//   AND, OR, NOT / -term, ( ... ); juxtaposed terms are ANDed.
// Dotted fields reach into objects and arrays (app_metadata.team,
// identities.connection). Matching is case-insensitive, like Auth0's for email.
export class QueryError extends Error {}

function tokenize(q) {
  const tokens = [];
  const fields = []; // per open parenthesis: the field of field:( … ), or null
  let i = 0;
  const n = q.length;
  const readValue = () => {
    if (q[i] === '"') {
      let out = '';
      i += 1;
      while (i < n && q[i] !== '"') {
        if (q[i] === '\\' && i + 1 < n) i += 1;
        out += q[i];
        i += 1;
      }
      if (i >= n) throw new QueryError('unterminated quoted value');
      i += 1;
      return { kind: 'phrase', text: out };
    }
    if (q[i] === '[' || q[i] === '{') {
      const open = q[i];
      const close = open === '[' ? ']' : '}';
      const end = q.indexOf(close, i);
      const otherEnd = q.indexOf(open === '[' ? '}' : ']', i);
      const stop = [end, otherEnd].filter((x) => x >= 0).sort((a, b) => a - b)[0];
      if (stop === undefined) throw new QueryError('unterminated range');
      const inner = q.slice(i + 1, stop).trim();
      const m = /^(\S+)\s+TO\s+(\S+)$/.exec(inner);
      if (!m) throw new QueryError(`invalid range ${q.slice(i, stop + 1)}`);
      const unquote = (s) => s.replace(/^"(.*)"$/, '$1');
      const r = {
        kind: 'range',
        lo: unquote(m[1]),
        hi: unquote(m[2]),
        loInclusive: open === '[',
        hiInclusive: q[stop] === ']',
      };
      i = stop + 1;
      return r;
    }
    const cmp = /^(>=|<=|>|<)/.exec(q.slice(i));
    if (cmp) {
      // field:>value, field:<=value: a half-open range.
      i += cmp[1].length;
      const v = readValue();
      if (v.kind === 'range') throw new QueryError('a comparison takes one value');
      const text = v.text;
      return cmp[1].startsWith('>')
        ? { kind: 'range', lo: text, hi: '*', loInclusive: cmp[1] === '>=', hiInclusive: true }
        : { kind: 'range', lo: '*', hi: text, loInclusive: true, hiInclusive: cmp[1] === '<=' };
    }
    let out = '';
    while (i < n && !/[\s()]/.test(q[i])) {
      if (q[i] === '\\' && i + 1 < n) i += 1;
      out += q[i];
      i += 1;
    }
    if (!out) throw new QueryError(`missing value at ${i}`);
    return /[*?]/.test(out) ? { kind: 'wildcard', text: out } : { kind: 'word', text: out };
  };
  while (i < n) {
    const c = q[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '(' || c === ')') {
      if (c === '(') fields.push(fields.at(-1) ?? null);
      else fields.pop();
      tokens.push({ op: c });
      i += 1;
      continue;
    }
    if (c === '-' || c === '!') {
      tokens.push({ op: 'NOT' });
      i += 1;
      continue;
    }
    const rest = q.slice(i);
    const kw = /^(AND|OR|NOT|&&|\|\|)(?=[\s(]|$)/.exec(rest);
    if (kw) {
      tokens.push({ op: { '&&': 'AND', '||': 'OR' }[kw[1]] ?? kw[1] });
      i += kw[1].length;
      continue;
    }
    const field = /^([A-Za-z0-9_.]+):/.exec(rest);
    if (field) {
      i += field[0].length;
      if (i >= n || /\s/.test(q[i])) throw new QueryError(`missing value for ${field[1]}`);
      if (q[i] === '(') {
        // field:(a OR b): the group's bare terms search that field.
        fields.push(field[1]);
        tokens.push({ op: '(' });
        i += 1;
        continue;
      }
      tokens.push({ term: { field: field[1], ...readValue() } });
      continue;
    }
    tokens.push({ term: { field: fields.at(-1) ?? null, ...readValue() } });
  }
  return tokens;
}

function parse(tokens) {
  let p = 0;
  const peek = () => tokens[p];
  const orExpr = () => {
    const parts = [andExpr()];
    while (peek()?.op === 'OR') {
      p += 1;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0] : { or: parts };
  };
  const andExpr = () => {
    const parts = [unary()];
    for (;;) {
      const t = peek();
      if (!t || t.op === 'OR' || t.op === ')') break;
      if (t.op === 'AND') p += 1;
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0] : { and: parts };
  };
  const unary = () => {
    const t = peek();
    if (!t) throw new QueryError('unexpected end of query');
    if (t.op === 'NOT') {
      p += 1;
      return { not: unary() };
    }
    if (t.op === '(') {
      p += 1;
      const e = orExpr();
      if (peek()?.op !== ')') throw new QueryError('missing )');
      p += 1;
      return e;
    }
    if (t.term) {
      p += 1;
      return { term: t.term };
    }
    throw new QueryError(`unexpected ${t.op}`);
  };
  if (!tokens.length) throw new QueryError('empty query');
  const e = orExpr();
  if (p < tokens.length) throw new QueryError(`unexpected ${tokens[p].op ?? 'term'}`);
  return e;
}

/** The leaf values at a dotted path, through arrays. */
export function valuesAt(obj, path) {
  let current = [obj];
  for (const key of path.split('.')) {
    const next = [];
    for (const v of current) {
      if (v == null) continue;
      const x = v[key];
      if (Array.isArray(x)) next.push(...x);
      else if (x !== undefined) next.push(x);
    }
    current = next.flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  return current.filter((v) => v !== null && v !== undefined);
}

const wildcardRegex = (text) =>
  new RegExp(
    `^${text
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );

const words = (s) =>
  s
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean);

function compareBound(value, bound) {
  if (bound === '*') return 0;
  const nv = typeof value === 'number' ? value : Number(value);
  const nb = Number(bound);
  if (!Number.isNaN(nv) && !Number.isNaN(nb) && String(value).trim() !== '') return nv - nb;
  const dv = Date.parse(value);
  const db = Date.parse(bound);
  if (!Number.isNaN(dv) && !Number.isNaN(db)) return dv - db;
  const a = String(value).toLowerCase();
  const b = bound.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function matchValue(v, t) {
  if (typeof v === 'object') return false;
  const s = String(v).toLowerCase();
  switch (t.kind) {
    case 'word': {
      const w = t.text.toLowerCase();
      if (typeof v === 'number') return Number(w) === v;
      return s === w || (typeof v === 'string' && words(v).includes(w));
    }
    case 'phrase': {
      const w = t.text.toLowerCase();
      return s === w || (typeof v === 'string' && ` ${words(v).join(' ')} `.includes(` ${w} `));
    }
    case 'wildcard': {
      const re = wildcardRegex(t.text);
      return re.test(s) || (typeof v === 'string' && words(v).some((x) => re.test(x)));
    }
    case 'range': {
      const lo = compareBound(v, t.lo);
      const hi = compareBound(v, t.hi);
      return (
        (t.lo === '*' || (t.loInclusive ? lo >= 0 : lo > 0)) &&
        (t.hi === '*' || (t.hiInclusive ? hi <= 0 : hi < 0))
      );
    }
    default:
      return false;
  }
}

/**
 * Compiles a query string into a predicate over records. `freeTextFields`
 * are searched by terms without a field. Throws QueryError on bad syntax.
 */
export function compileQuery(q, { freeTextFields }) {
  const ast = parse(tokenize(q));
  const evaluate = (node, record) => {
    if (node.or) return node.or.some((x) => evaluate(x, record));
    if (node.and) return node.and.every((x) => evaluate(x, record));
    if (node.not) return !evaluate(node.not, record);
    const t = node.term;
    if (t.field === '_exists_') return valuesAt(record, t.text).length > 0;
    const fields = t.field ? [t.field] : freeTextFields;
    return fields.some((f) => valuesAt(record, f).some((v) => matchValue(v, t)));
  };
  return (record) => evaluate(ast, record);
}

/** Parses `field:1` / `field:-1`; returns a comparator, or throws QueryError. */
export function compileSort(sort) {
  const m = /^([A-Za-z0-9_.]+):(1|-1)$/.exec(sort);
  if (!m) throw new QueryError(`invalid sort ${sort}: expected field:1 or field:-1`);
  const [, field, dir] = m;
  const sign = Number(dir);
  return (a, b) => {
    const va = valuesAt(a, field)[0];
    const vb = valuesAt(b, field)[0];
    if (va === undefined && vb === undefined) return 0;
    if (va === undefined) return 1; // missing values last either way
    if (vb === undefined) return -1;
    if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb);
    const sa = String(va);
    const sb = String(vb);
    return sign * (sa < sb ? -1 : sa > sb ? 1 : 0);
  };
}
