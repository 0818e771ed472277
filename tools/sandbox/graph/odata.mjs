// The OData query options the Graph sandbox understands: a small $filter parser
// and evaluator (comparisons, and/or/not, parentheses, startswith/endswith), $select,
// $orderby and $top. Each resource names the properties it may be filtered and
// ordered on; anything else is refused as Graph refuses it, with a 400 that says
// what is unsupported.

export class QueryError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCS = new Set(['startswith', 'endswith']);

function tokenize(text) {
  const tokens = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if ('(),/'.includes(c)) {
      tokens.push({ t: c });
      i += 1;
    } else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length)
          throw new QueryError(`Invalid filter clause: unterminated string literal in '${text}'.`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      tokens.push({ t: 'lit', v: value, type: 'string' });
    } else {
      const m = /^[A-Za-z0-9_.:+\-@$]+/.exec(text.slice(i));
      if (!m)
        throw new QueryError(`Invalid filter clause: syntax error at position ${i} in '${text}'.`);
      const word = m[0];
      i += word.length;
      if (/^(true|false)$/i.test(word))
        tokens.push({ t: 'lit', v: /^true$/i.test(word), type: 'boolean' });
      else if (/^null$/i.test(word)) tokens.push({ t: 'lit', v: null, type: 'null' });
      else if (/^-?\d+$/.test(word)) tokens.push({ t: 'lit', v: Number(word), type: 'number' });
      else if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(word)) {
        if (Number.isNaN(Date.parse(word)))
          throw new QueryError(`Invalid filter clause: '${word}' is not a valid DateTimeOffset.`);
        tokens.push({ t: 'lit', v: word, type: 'datetime' });
      } else tokens.push({ t: 'id', v: word });
    }
  }
  return tokens;
}

/** Parses a $filter expression into a tree; throws QueryError on a syntax error. */
export function parseFilter(text) {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (tok, word) => tok?.t === 'id' && tok.v.toLowerCase() === word;
  const expect = (t) => {
    const tok = tokens[pos];
    if (tok?.t !== t) throw new QueryError(`Invalid filter clause: expected '${t}' in '${text}'.`);
    pos += 1;
    return tok;
  };
  const path = () => {
    const first = expect('id');
    const parts = [first.v];
    while (peek()?.t === '/') {
      pos += 1;
      const next = peek();
      if (next?.t === 'id' && /^(any|all)$/i.test(next.v))
        throw new QueryError(
          `Lambda operator '${next.v}' in '${text}' is not supported by the sandbox.`,
        );
      parts.push(expect('id').v);
    }
    return parts.join('/');
  };
  const literal = () => {
    const tok = peek();
    if (tok?.t !== 'lit')
      throw new QueryError(`Invalid filter clause: expected a literal in '${text}'.`);
    pos += 1;
    return tok;
  };
  const primary = () => {
    const tok = peek();
    if (tok?.t === '(') {
      pos += 1;
      const e = orExpr();
      expect(')');
      return e;
    }
    if (tok?.t === 'id' && tokens[pos + 1]?.t === '(') {
      const fn = tok.v.toLowerCase();
      if (!FUNCS.has(fn))
        throw new QueryError(
          `The function '${tok.v}' in '${text}' is not supported by the sandbox (startswith, endswith).`,
        );
      pos += 2;
      const p = path();
      expect(',');
      const lit = literal();
      expect(')');
      if (lit.type !== 'string')
        throw new QueryError(`Invalid filter clause: ${fn} needs a string literal.`);
      return { fn, path: p, lit };
    }
    const p = path();
    const op = peek();
    if (op?.t !== 'id' || !OPS.has(op.v.toLowerCase())) {
      throw new QueryError(
        `Invalid filter clause: expected a comparison operator (eq, ne, gt, ge, lt, le) after '${p}' in '${text}'.`,
      );
    }
    pos += 1;
    return { op: op.v.toLowerCase(), path: p, lit: literal() };
  };
  const unary = () => {
    if (isWord(peek(), 'not')) {
      pos += 1;
      return { not: unary() };
    }
    return primary();
  };
  const andExpr = () => {
    let e = unary();
    while (isWord(peek(), 'and')) {
      pos += 1;
      e = { and: [e, unary()] };
    }
    return e;
  };
  const orExpr = () => {
    let e = andExpr();
    while (isWord(peek(), 'or')) {
      pos += 1;
      e = { or: [e, andExpr()] };
    }
    return e;
  };
  const tree = orExpr();
  if (pos !== tokens.length)
    throw new QueryError(
      `Invalid filter clause: unexpected '${tokens[pos].v ?? tokens[pos].t}' in '${text}'.`,
    );
  return tree;
}

const EDM = {
  string: 'Edm.String',
  boolean: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
  number: 'Edm.Int32',
  null: 'null',
};

/**
 * Checks a parsed filter against a resource's filterable properties,
 * `fields`: path (lower case) → { type, ops?: [...] } and returns it.
 */
export function checkFilter(tree, fields, resource) {
  const walk = (e) => {
    if (e.and) return e.and.forEach(walk);
    if (e.or) return e.or.forEach(walk);
    if (e.not) return walk(e.not);
    const field = fields[e.path.toLowerCase()];
    const what = e.fn ?? e.op;
    if (!field || (field.ops && !field.ops.includes(what))) {
      throw new QueryError(
        `Unsupported or invalid query filter clause specified for property '${e.path}' of resource '${resource}' (operator '${what}'; the sandbox supports ${Object.entries(
          fields,
        )
          .map(
            ([k, f]) =>
              `${k} [${(f.ops ?? ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'startswith', 'endswith']).join(' ')}]`,
          )
          .join(', ')}).`,
      );
    }
    e.key = field.key ?? e.path;
    e.type = field.type;
    const litType = e.lit.type;
    const ok =
      litType === 'null' ||
      litType === field.type ||
      (field.type === 'datetime' && litType === 'string' && !Number.isNaN(Date.parse(e.lit.v)));
    if (!ok) {
      throw new QueryError(
        `A binary operator with incompatible types was detected. Found operand types '${EDM[field.type]}' and '${EDM[litType]}' for operator kind '${what}'.`,
      );
    }
  };
  walk(tree);
  return tree;
}

const get = (obj, path) => path.split('/').reduce((o, k) => (o == null ? undefined : o[k]), obj);

// Sign-in filters compare the same timestamps page after page: parse each once.
const parsed = new Map();
const ms = (iso) => {
  let t = parsed.get(iso);
  if (t === undefined) {
    if (parsed.size > 1_000_000) parsed.clear();
    t = Date.parse(iso);
    parsed.set(iso, t);
  }
  return t;
};

const cmp = (a, b, type) => {
  if (type === 'datetime') return ms(a) - ms(b);
  if (type === 'string') return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
  return a === b ? 0 : a < b ? -1 : 1;
};

/** Evaluates a checked filter tree against one object. */
export function matches(e, obj) {
  if (e.and) return e.and.every((x) => matches(x, obj));
  if (e.or) return e.or.some((x) => matches(x, obj));
  if (e.not) return !matches(e.not, obj);
  const value = get(obj, e.key);
  const lit = e.lit.v;
  if (e.fn === 'startswith')
    return typeof value === 'string' && value.toLowerCase().startsWith(lit.toLowerCase());
  if (e.fn === 'endswith')
    return typeof value === 'string' && value.toLowerCase().endsWith(lit.toLowerCase());
  if (lit === null || value == null) {
    const same = (value ?? null) === lit;
    if (e.op === 'eq') return same;
    if (e.op === 'ne') return !same;
    return false;
  }
  const c = cmp(value, lit, e.type);
  switch (e.op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    default:
      return c <= 0;
  }
}

/** `$orderby=prop [asc|desc]` against the properties in `allowed` (lower case → key). */
export function parseOrderBy(text, allowed, resource) {
  const m = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(text);
  const key = m && allowed[m[1].toLowerCase()];
  if (!key) {
    throw new QueryError(
      `Sorting by '${text}' is not supported for resource '${resource}' (the sandbox orders by ${Object.keys(allowed).join(', ')}).`,
    );
  }
  return { key, desc: (m[2] ?? 'asc').toLowerCase() === 'desc' };
}

export function sortBy(items, { key, desc }, type = 'string') {
  return items.sort((a, b) => {
    const c = cmp(get(a, key) ?? '', get(b, key) ?? '', type) || cmp(a.id, b.id, 'string');
    return desc ? -c : c;
  });
}

export const encodeToken = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
export function decodeToken(text, what) {
  try {
    return JSON.parse(Buffer.from(String(text), 'base64url').toString('utf8'));
  } catch {
    throw new QueryError(`The ${what} '${text}' is not valid.`);
  }
}
