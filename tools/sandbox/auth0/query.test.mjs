// The user-search subset (query.mjs) on its own: no server.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { compileQuery, compileSort, QueryError } from './query.mjs';

const users = [
  {
    user_id: 'auth0|a',
    email: 'Jane.Doe@acme.example',
    name: 'Jane Doe',
    blocked: false,
    logins_count: 12,
    updated_at: '2026-11-05T10:00:00.000Z',
    app_metadata: { department: 'Human Resources' },
    identities: [{ connection: 'Username-Password-Authentication' }],
  },
  {
    user_id: 'auth0|b',
    email: 'john.roe@acme.example',
    name: 'John Roe',
    blocked: true,
    logins_count: 3,
    updated_at: '2026-10-20T10:00:00.000Z',
    app_metadata: { department: 'Finance' },
    identities: [{ connection: 'Username-Password-Authentication' }],
    last_login: '2026-10-20T10:00:00.000Z',
  },
];
const ids = (q) =>
  users
    .filter(compileQuery(q, { freeTextFields: ['user_id', 'email', 'name'] }))
    .map((u) => u.user_id);

test('field values: quoted, bare, case-insensitive, wildcards, booleans', () => {
  assert.deepEqual(ids('email:"jane.doe@acme.example"'), ['auth0|a']);
  assert.deepEqual(ids('email:john.roe@acme.example'), ['auth0|b']);
  assert.deepEqual(ids('email:*@acme.example'), ['auth0|a', 'auth0|b']);
  assert.deepEqual(ids('name:jan*'), ['auth0|a']);
  assert.deepEqual(ids('name:"john roe"'), ['auth0|b']);
  assert.deepEqual(ids('name:doe'), ['auth0|a']);
  assert.deepEqual(ids('blocked:true'), ['auth0|b']);
  assert.deepEqual(ids('app_metadata.department:"Human Resources"'), ['auth0|a']);
  assert.deepEqual(ids('identities.connection:Username-Password-Authentication').length, 2);
  assert.deepEqual(ids('_exists_:last_login'), ['auth0|b']);
  assert.deepEqual(ids('jane'), ['auth0|a']);
});

test('ranges over dates and numbers, inclusive and exclusive, open ends', () => {
  assert.deepEqual(ids('updated_at:[2026-11-01 TO *]'), ['auth0|a']);
  assert.deepEqual(ids('updated_at:[* TO 2026-11-01]'), ['auth0|b']);
  assert.deepEqual(ids('logins_count:[3 TO 12}'), ['auth0|b']);
  assert.deepEqual(ids('logins_count:{3 TO 12]'), ['auth0|a']);
  assert.deepEqual(ids('logins_count:>3'), ['auth0|a']);
  assert.deepEqual(ids('logins_count:>=3').length, 2);
  assert.deepEqual(ids('updated_at:<2026-11-01'), ['auth0|b']);
  assert.deepEqual(ids('updated_at:>="2026-11-05T10:00:00.000Z"'), ['auth0|a']);
});

test('AND, OR, NOT and parentheses', () => {
  assert.deepEqual(ids('blocked:false AND name:jane'), ['auth0|a']);
  assert.deepEqual(ids('blocked:false name:john'), []);
  assert.deepEqual(ids('name:jane OR name:john'), ['auth0|a', 'auth0|b']);
  assert.deepEqual(ids('NOT blocked:true'), ['auth0|a']);
  assert.deepEqual(ids('-blocked:true'), ['auth0|a']);
  assert.deepEqual(ids('(name:jane OR name:john) AND blocked:true'), ['auth0|b']);
  assert.deepEqual(ids('user_id:("auth0|a" OR "auth0|b")'), ['auth0|a', 'auth0|b']);
  assert.deepEqual(ids('email:(jane.doe@acme.example) AND blocked:false'), ['auth0|a']);
  assert.deepEqual(ids('name:(doe OR nobody) jane'), ['auth0|a']);
});

test('syntax errors throw QueryError', () => {
  for (const q of ['email:"open', 'updated_at:[2026 TO', '(name:x', 'name:', 'AND', ''])
    assert.throws(() => ids(q), QueryError, q);
});

test('sort by field ascending and descending, missing values last', () => {
  const asc = [...users].sort(compileSort('updated_at:1')).map((u) => u.user_id);
  assert.deepEqual(asc, ['auth0|b', 'auth0|a']);
  const desc = [...users].sort(compileSort('logins_count:-1')).map((u) => u.user_id);
  assert.deepEqual(desc, ['auth0|a', 'auth0|b']);
  const last = [...users].sort(compileSort('last_login:-1')).map((u) => u.user_id);
  assert.deepEqual(last, ['auth0|b', 'auth0|a']);
  assert.throws(() => compileSort('updated_at'), QueryError);
});
