// The Management API (/api/v2): users, roles, role members, a user's roles,
// logs and a user's logs, with Auth0's paging, query validation and errors.
import { compileQuery, compileSort, QueryError } from './query.mjs';
import { publicLog, publicRole, publicUser } from './state.mjs';

const REASONS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
};

export const apiError = (status, message, errorCode) => ({
  status,
  body: {
    statusCode: status,
    error: REASONS[status] ?? 'Error',
    message,
    ...(errorCode ? { errorCode } : {}),
  },
});

const badQuery = (message) => apiError(400, message, 'invalid_query_string');
const badBody = (message) => apiError(400, message, 'invalid_body');
const noUser = () => apiError(404, 'The user does not exist.', 'inexistent_user');
const noRole = () => apiError(404, 'The role does not exist.', 'inexistent_role');

class Reject extends Error {
  constructor(response) {
    super(response.body.message);
    this.response = response;
  }
}

/**
 * Query parameters as Auth0 validates them: unknown names and malformed
 * values are a 400 invalid_query_string.
 */
function params(url, allowed) {
  const p = {};
  for (const [k, v] of url.searchParams) {
    if (!allowed.includes(k))
      throw new Reject(
        badQuery(`Query validation error: 'Additional properties not allowed: ${k}'.`),
      );
    p[k] = v;
  }
  return p;
}

function int(p, name, { def, min = 0, max }) {
  if (p[name] === undefined || p[name] === '') return def;
  if (!/^-?\d+$/.test(p[name]))
    throw new Reject(
      badQuery(
        `Query validation error: 'Expected type integer but found type string' on property ${name}.`,
      ),
    );
  const n = Number(p[name]);
  if (n < min)
    throw new Reject(
      badQuery(
        `Query validation error: 'Number is less than minimum (${min})' on property ${name}.`,
      ),
    );
  if (max !== undefined && n > max)
    throw new Reject(
      badQuery(
        `Query validation error: 'Number is greater than maximum (${max})' on property ${name}.`,
      ),
    );
  return n;
}

function bool(p, name, def) {
  if (p[name] === undefined || p[name] === '') return def;
  if (p[name] !== 'true' && p[name] !== 'false')
    throw new Reject(
      badQuery(
        `Query validation error: 'Expected type boolean but found type string' on property ${name}.`,
      ),
    );
  return p[name] === 'true';
}

function project(record, p) {
  if (!p.fields) return record;
  const fields = p.fields
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const include = bool(p, 'include_fields', true);
  const out = {};
  for (const [k, v] of Object.entries(record)) {
    if (fields.includes(k) === include) out[k] = v;
  }
  return out;
}

/**
 * Offset paging: page, per_page (≤ pageSizeMax) and include_totals. With
 * `limit`, only the first `limit` records can be reached (Auth0's 1000).
 */
function offsetPage(items, p, key, state, { limit, length = true, totalsDefault = false } = {}) {
  const perPage = int(p, 'per_page', { def: 50, min: 0, max: state.config.pageSizeMax });
  const page = int(p, 'page', { def: 0, min: 0 });
  const includeTotals = bool(p, 'include_totals', totalsDefault);
  const start = page * perPage;
  let end = start + perPage;
  if (limit !== undefined) {
    if (start >= limit && perPage > 0)
      throw new Reject(
        badQuery(
          `You can only page through the first ${limit} records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation`,
        ),
      );
    end = Math.min(end, limit);
  }
  const slice = items.slice(start, end);
  if (!includeTotals) return slice;
  return {
    start,
    limit: perPage,
    ...(length ? { length: slice.length } : {}),
    total: items.length,
    [key]: slice,
  };
}

function search(records, q, freeTextFields) {
  if (!q) return records;
  try {
    const match = compileQuery(q, { freeTextFields });
    return records.filter(match);
  } catch (e) {
    if (e instanceof QueryError) throw new Reject(badQuery(`Invalid query: ${e.message}`));
    throw e;
  }
}

function sorted(records, sort) {
  if (!sort) return records;
  // The log stream is kept in log_id order, which is date order.
  if (records.length && 'log_id' in records[0] && sort === 'date:1') return records;
  if (records.length && 'log_id' in records[0] && sort === 'date:-1') return [...records].reverse();
  try {
    return [...records].sort(compileSort(sort));
  } catch (e) {
    if (e instanceof QueryError) throw new Reject(badQuery(e.message));
    throw e;
  }
}

const USER_TEXT = ['user_id', 'email', 'name', 'nickname', 'given_name', 'family_name', 'username'];
const LOG_TEXT = ['type', 'description', 'user_id', 'user_name', 'client_name', 'ip', 'connection'];

function usersList({ url, state }) {
  const p = params(url, [
    'page',
    'per_page',
    'include_totals',
    'sort',
    'connection',
    'fields',
    'include_fields',
    'q',
    'search_engine',
    'primary_order',
  ]);
  if (p.search_engine && !['v2', 'v3'].includes(p.search_engine))
    throw new Reject(badQuery(`You are not allowed to use search_engine=${p.search_engine}.`));
  let users = state.userList();
  if (p.connection) users = users.filter((u) => state.userConnections(u).includes(p.connection));
  users = sorted(search(users, p.q, USER_TEXT), p.sort);
  const page = offsetPage(users, p, 'users', state, { limit: state.config.pagingLimit });
  const show = (u) => project(publicUser(u), p);
  return {
    status: 200,
    body: Array.isArray(page) ? page.map(show) : { ...page, users: page.users.map(show) },
  };
}

const USER_PATCH = {
  blocked: 'boolean',
  email_verified: 'boolean',
  phone_verified: 'boolean',
  verify_email: 'boolean',
  verify_phone_number: 'boolean',
  email: 'string',
  phone_number: 'string',
  username: 'string',
  name: 'string',
  given_name: 'string',
  family_name: 'string',
  nickname: 'string',
  picture: 'string',
  password: 'string',
  connection: 'string',
  client_id: 'string',
  app_metadata: 'object',
  user_metadata: 'object',
};
const USER_CREATE = { ...USER_PATCH, user_id: 'string' };

function checkBody(body, schema) {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Reject(badBody("Payload validation error: 'Expected type object'."));
  for (const [k, v] of Object.entries(body)) {
    const type = schema[k];
    if (!type)
      throw new Reject(
        badBody(`Payload validation error: 'Additional properties not allowed: ${k}'.`),
      );
    const actual = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    const ok = actual === type || (type === 'object' && actual === 'null');
    if (!ok)
      throw new Reject(
        badBody(
          `Payload validation error: 'Expected type ${type} but found type ${actual}' on property ${k}.`,
        ),
      );
    if (k === 'email' && !/^[^@\s]+@[^@\s]+$/.test(v))
      throw new Reject(
        badBody(
          `Payload validation error: 'Object didn't pass validation for format email: ${v}' on property email.`,
        ),
      );
  }
}

function roleIds(body, state) {
  if (body === null || typeof body !== 'object' || !Array.isArray(body.roles))
    throw new Reject(badBody("Payload validation error: 'Missing required property: roles'."));
  const extra = Object.keys(body).filter((k) => k !== 'roles');
  if (extra.length)
    throw new Reject(
      badBody(`Payload validation error: 'Additional properties not allowed: ${extra[0]}'.`),
    );
  if (body.roles.length === 0)
    throw new Reject(
      badBody("Payload validation error: 'Too few items (0), minimum 1' on property roles."),
    );
  if (body.roles.some((r) => typeof r !== 'string'))
    throw new Reject(
      badBody("Payload validation error: 'Expected type string' on property roles."),
    );
  if (body.roles.some((r) => !state.roles.has(r)))
    throw new Reject(apiError(404, 'One or more of the roles do not exist.', 'inexistent_role'));
  return body.roles;
}

const roleUser = (u) => ({
  user_id: u.user_id,
  email: u.email,
  ...(u.picture ? { picture: u.picture } : {}),
  name: u.name,
});

function roleMembers(url, role, state) {
  const p = params(url, ['include_totals', 'from', 'take', 'page', 'per_page']);
  const members = state.membersOf(role.id).sort((a, b) => (a.user_id < b.user_id ? -1 : 1));
  const checkpoint =
    p.from !== undefined ||
    (p.take !== undefined && p.page === undefined && p.per_page === undefined);
  if (!checkpoint) {
    const page = offsetPage(members, p, 'users', state, { length: false });
    return {
      status: 200,
      body: Array.isArray(page) ? page.map(roleUser) : { ...page, users: page.users.map(roleUser) },
    };
  }
  const take = int(p, 'take', { def: 50, min: 1, max: state.config.takeMax });
  let after = 0;
  if (p.from) {
    let last;
    try {
      last = Buffer.from(p.from, 'base64url').toString('utf8');
    } catch {
      last = '';
    }
    if (!last) throw new Reject(badQuery("Query validation error: 'Invalid value for from'."));
    after = members.findIndex((u) => u.user_id > last);
    if (after < 0) after = members.length;
  }
  const slice = members.slice(after, after + take);
  const more = after + take < members.length;
  return {
    status: 200,
    body: {
      users: slice.map(roleUser),
      ...(more ? { next: Buffer.from(slice.at(-1).user_id).toString('base64url') } : {}),
    },
  };
}

function logsList({ url, state, baseUrl }) {
  const from = url.searchParams.get('from');
  if (from !== null) {
    // Checkpoint: every other parameter is ignored; ascending stream order.
    const p = { take: url.searchParams.get('take') ?? undefined };
    const take = int(p, 'take', { def: 50, min: 1, max: state.config.takeMax });
    const at = state.logIndex.get(from);
    if (at === undefined)
      throw new Reject(badQuery(`Invalid value for from: no log event ${from}.`));
    const slice = state.logs.slice(at + 1, at + 1 + take);
    const last = slice.at(-1)?.log_id ?? from;
    return {
      status: 200,
      body: slice.map(publicLog),
      headers: {
        link: `<${baseUrl}/api/v2/logs?from=${encodeURIComponent(last)}&take=${take}>; rel="next"`,
      },
    };
  }
  const p = params(url, [
    'page',
    'per_page',
    'sort',
    'fields',
    'include_fields',
    'include_totals',
    'search',
    'q',
    'take',
  ]);
  let logs = search(state.logs, p.q ?? p.search, LOG_TEXT);
  logs = sorted(logs, p.sort ?? 'date:-1');
  const page = offsetPage(logs, p, 'logs', state, { limit: state.config.pagingLimit });
  const show = (l) => project(publicLog(l), p);
  return {
    status: 200,
    body: Array.isArray(page) ? page.map(show) : { ...page, logs: page.logs.map(show) },
  };
}

/**
 * The route of a request: its template (for the request counter), the
 * scopes of which the token needs one, and its handler.
 */
export function resolveRoute(method, segs) {
  const [a, , sub] = segs;
  const n = segs.length;
  const r = (template, scopes, handler) => ({
    template: `${method} /api/v2${template}`,
    scopes,
    handler,
  });
  if (a === 'users' && n === 1) {
    if (method === 'GET') return r('/users', ['read:users'], usersList);
    if (method === 'POST') return r('/users', ['create:users'], createUser);
  }
  if (a === 'users-by-email' && n === 1 && method === 'GET')
    return r('/users-by-email', ['read:users'], usersByEmail);
  if (a === 'users' && n === 2) {
    if (method === 'GET') return r('/users/{id}', ['read:users'], getUser);
    if (method === 'PATCH') return r('/users/{id}', ['update:users'], patchUser);
    if (method === 'DELETE') return r('/users/{id}', ['delete:users'], deleteUser);
  }
  if (a === 'users' && n === 3 && sub === 'roles') {
    if (method === 'GET') return r('/users/{id}/roles', ['read:users', 'read:roles'], userRoles);
    if (method === 'POST')
      return r('/users/{id}/roles', ['update:users', 'create:role_members'], assignUserRoles);
    if (method === 'DELETE')
      return r('/users/{id}/roles', ['update:users', 'delete:role_members'], removeUserRoles);
  }
  if (a === 'users' && n === 3 && sub === 'logs' && method === 'GET')
    return r('/users/{id}/logs', ['read:logs', 'read:logs_users'], userLogs);
  if (a === 'roles' && n === 1 && method === 'GET') return r('/roles', ['read:roles'], rolesList);
  if (a === 'roles' && n === 2 && method === 'GET')
    return r('/roles/{id}', ['read:roles'], getRole);
  if (a === 'roles' && n === 3 && sub === 'users' && method === 'GET')
    return r('/roles/{id}/users', ['read:users', 'read:role_members'], getRoleMembers);
  if (a === 'logs' && n === 1 && method === 'GET')
    return r('/logs', ['read:logs', 'read:logs_users'], logsList);
  if (a === 'logs' && n === 2 && method === 'GET')
    return r('/logs/{id}', ['read:logs', 'read:logs_users'], getLog);
  return undefined;
}

// Handlers: ({ url, segs, body, state, baseUrl, claims, req }) -> response

function getUser({ url, segs, state }) {
  const p = params(url, ['fields', 'include_fields']);
  const u = state.users.get(segs[1]);
  if (!u) return noUser();
  return { status: 200, body: project(publicUser(u), p) };
}

function usersByEmail({ url, state }) {
  const p = params(url, ['fields', 'include_fields', 'email']);
  if (!p.email) return badQuery("Query validation error: 'Missing required property: email'.");
  const email = p.email.toLowerCase();
  return {
    status: 200,
    body: state
      .userList()
      .filter((u) => String(u.email ?? '').toLowerCase() === email)
      .map((u) => project(publicUser(u), p)),
  };
}

function audit(ctx, description, status, path) {
  ctx.state.logApiOperation({
    description,
    method: ctx.req.method,
    path,
    body: ctx.body,
    status,
    clientId: ctx.claims.azp,
    ip: ctx.req.socket.remoteAddress,
    userAgent: ctx.req.headers['user-agent'] ?? '',
  });
}

function createUser(ctx) {
  const { body, state } = ctx;
  checkBody(body, USER_CREATE);
  if (!body.connection)
    return badBody("Payload validation error: 'Missing required property: connection'.");
  if (!state.connections.has(body.connection))
    return apiError(400, 'The connection does not exist.', 'inexistent_connection');
  if (!body.email) return badBody("Payload validation error: 'Missing required property: email'.");
  if (!body.password)
    return badBody("Payload validation error: 'Missing required property: password'.");
  if (state.emailTaken(body.email, body.connection))
    return apiError(409, 'The user already exists.', 'auth0_idp_error');
  const u = state.createUser(body);
  audit({ ...ctx, body: { ...body, password: '***' } }, 'Create a User', 201, '/api/v2/users');
  return { status: 201, body: publicUser(u) };
}

function patchUser(ctx) {
  const { segs, body, state } = ctx;
  const u = state.users.get(segs[1]);
  if (!u) return noUser();
  checkBody(body, USER_PATCH);
  if (Object.keys(body).length === 0)
    return badBody("Payload validation error: 'Too few properties defined (0), the minimum is 1'.");
  if (body.email && body.email.toLowerCase() !== String(u.email ?? '').toLowerCase()) {
    const taken = state.userConnections(u).some((c) => state.emailTaken(body.email, c, u.user_id));
    if (taken) return apiError(409, 'The specified new email already exists', 'auth0_idp_error');
  }
  state.updateUser(u, body);
  const path = `/api/v2/users/${segs[1]}`;
  const redacted = body.password ? { ...body, password: '***' } : body;
  audit({ ...ctx, body: redacted }, 'Update a User', 200, path);
  return { status: 200, body: publicUser(u) };
}

function deleteUser(ctx) {
  const { segs, state } = ctx;
  if (state.deleteUser(segs[1])) audit(ctx, 'Delete a User', 204, `/api/v2/users/${segs[1]}`);
  return { status: 204 };
}

function userRoles({ url, segs, state }) {
  const p = params(url, ['page', 'per_page', 'include_totals']);
  if (!state.users.has(segs[1])) return noUser();
  const page = offsetPage(state.rolesOf(segs[1]), p, 'roles', state, { length: false });
  return {
    status: 200,
    body: Array.isArray(page)
      ? page.map(publicRole)
      : { ...page, roles: page.roles.map(publicRole) },
  };
}

function assignUserRoles(ctx) {
  const { segs, body, state } = ctx;
  if (!state.users.has(segs[1])) return noUser();
  const ids = roleIds(body, state);
  state.assignRoles(segs[1], ids);
  audit(ctx, 'Assign roles to a user', 204, `/api/v2/users/${segs[1]}/roles`);
  return { status: 204 };
}

function removeUserRoles(ctx) {
  const { segs, body, state } = ctx;
  if (!state.users.has(segs[1])) return noUser();
  const ids = roleIds(body, state);
  state.removeRoles(segs[1], ids);
  audit(ctx, 'Removes roles from a user', 204, `/api/v2/users/${segs[1]}/roles`);
  return { status: 204 };
}

function userLogs({ url, segs, state }) {
  const p = params(url, ['page', 'per_page', 'sort', 'include_totals']);
  if (!state.users.has(segs[1])) return noUser();
  const logs = sorted(
    state.logs.filter((l) => l.user_id === segs[1]),
    p.sort ?? 'date:-1',
  );
  const page = offsetPage(logs, p, 'logs', state, { limit: state.config.pagingLimit });
  return {
    status: 200,
    body: Array.isArray(page) ? page.map(publicLog) : { ...page, logs: page.logs.map(publicLog) },
  };
}

function rolesList({ url, state }) {
  const p = params(url, ['page', 'per_page', 'include_totals', 'name_filter', 'type', 'owner_id']);
  let roles = [...state.roles.values()];
  if (p.name_filter) {
    const f = p.name_filter.toLowerCase();
    roles = roles.filter((r) => r.name.toLowerCase().includes(f));
  }
  const page = offsetPage(roles, p, 'roles', state, { length: false });
  return {
    status: 200,
    body: Array.isArray(page)
      ? page.map(publicRole)
      : { ...page, roles: page.roles.map(publicRole) },
  };
}

function getRole({ segs, state }) {
  const role = state.roles.get(segs[1]);
  return role ? { status: 200, body: publicRole(role) } : noRole();
}

function getRoleMembers({ url, segs, state }) {
  const role = state.roles.get(segs[1]);
  if (!role) return noRole();
  return roleMembers(url, role, state);
}

function getLog({ segs, state }) {
  const at = state.logIndex.get(segs[1]);
  if (at === undefined) return apiError(404, 'log not found', 'inexistent_log');
  return { status: 200, body: publicLog(state.logs[at]) };
}

/** Runs a resolved route; Reject (validation) becomes its response. */
export function runRoute(route, ctx) {
  try {
    return route.handler(ctx);
  } catch (e) {
    if (e instanceof Reject) return e.response;
    throw e;
  }
}
