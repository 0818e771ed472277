// The $filter parser and evaluator on their own.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { checkFilter, matches, parseFilter, QueryError } from './odata.mjs';

const FIELDS = {
  accountenabled: { type: 'boolean', key: 'accountEnabled', ops: ['eq', 'ne'] },
  displayname: { type: 'string', key: 'displayName', ops: ['eq', 'startswith'] },
  createddatetime: { type: 'datetime', key: 'createdDateTime' },
  'status/errorcode': { type: 'number', key: 'status/errorCode', ops: ['eq', 'ne'] },
};
const filter = (text) => checkFilter(parseFilter(text), FIELDS, 'User');
const ada = {
  accountEnabled: true,
  displayName: "Ada O'Neil",
  createdDateTime: '2026-11-02T10:00:00Z',
  status: { errorCode: 50126 },
};

test('comparisons, and/or/not, parentheses, functions, nested paths', () => {
  const yes = [
    'accountEnabled eq true',
    "startswith(displayName,'ada')",
    "displayName eq 'ada o''neil'",
    'createdDateTime ge 2026-11-01T00:00:00Z and createdDateTime lt 2026-11-03T00:00:00Z',
    'not(accountEnabled eq false)',
    "(accountEnabled eq false or startswith(displayName,'A')) and status/errorCode ne 0",
  ];
  for (const text of yes) assert.equal(matches(filter(text), ada), true, text);
  const no = [
    'accountEnabled ne true',
    'createdDateTime gt 2026-11-02T10:00:00Z',
    'status/errorCode eq 0',
  ];
  for (const text of no) assert.equal(matches(filter(text), ada), false, text);
});

test('unsupported properties, operators, types and syntax are QueryErrors that say why', () => {
  const cases = [
    ["jobTitle eq 'x'", /property 'jobTitle'/],
    ["endswith(displayName,'x')", /operator 'endswith'/],
    ["accountEnabled eq 'true'", /Edm.Boolean.*Edm.String/],
    ["groupTypes/any(c:c eq 'Unified')", /Lambda operator 'any'/],
    ["displayName eq 'x", /unterminated/],
    ['accountEnabled true', /comparison operator/],
    ["substringof('a',displayName)", /function 'substringof'/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => filter(text),
      (err) => err instanceof QueryError && message.test(err.message),
      text,
    );
  }
});
