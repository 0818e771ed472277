// The simulator's mutable state: users, roles, role assignments and the log
// stream of one Auth0 tenant, loaded from an identity estate
// (tools/sandbox/identity/estate.mjs: `estate.auth0`), plus the rate-limit
// budget and the request counters.
import { createHash, randomBytes } from 'node:crypto';

export const DEFAULT_CONFIG = {
  /** per_page above this is refused (Auth0: 100). */
  pageSizeMax: 100,
  /** take above this is refused (Auth0: 100). */
  takeMax: 100,
  /** Offset paging reaches only this many records (Auth0: 1000). */
  pagingLimit: 1000,
  /** Requests per second before 429 when no throttle budget is set. */
  rateLimit: 1000,
  tokenLifetimeSeconds: 86400,
};

export const DEFAULT_CONNECTION = 'Username-Password-Authentication';
const clone = (x) => (x === undefined ? undefined : structuredClone(x));

export function createState(estate, config) {
  const s = {
    config: { ...DEFAULT_CONFIG, ...config },
    users: new Map(), // user_id -> user (with the estate's personKey)
    roles: new Map(), // id -> role
    userRoles: new Map(), // user_id -> Set(role_id), in assignment order
    logs: [], // ascending, the checkpoint order
    logIndex: new Map(), // log_id -> index in logs
    connections: new Set([DEFAULT_CONNECTION]),
    throttle: null,
    throttleRefusals: 0,
    window: { second: 0, used: 0 },
    requests: new Map(),
  };

  s.load = (e) => {
    const a0 = e.auth0;
    s.users.clear();
    s.roles.clear();
    s.userRoles.clear();
    s.logs = [];
    s.logIndex.clear();
    s.connections = new Set([DEFAULT_CONNECTION]);
    s.throttle = null;
    s.throttleRefusals = 0;
    s.requests.clear();
    for (const u of a0.users) {
      s.users.set(u.user_id, clone(u));
      for (const i of u.identities ?? []) if (i.connection) s.connections.add(i.connection);
    }
    for (const r of a0.roles) s.roles.set(r.id, clone(r));
    for (const { user_id, role_id } of a0.userRoles) {
      if (!s.userRoles.has(user_id)) s.userRoles.set(user_id, new Set());
      s.userRoles.get(user_id).add(role_id);
    }
    // Checkpoint order is log_id order, as Auth0's (the estate's ids follow the dates).
    const logs = a0.logs.map(clone);
    logs.sort((x, y) => (x.log_id < y.log_id ? -1 : x.log_id > y.log_id ? 1 : 0));
    for (const l of logs) s.appendLog(l);
    return s.counts();
  };

  s.counts = () => ({
    users: s.users.size,
    roles: s.roles.size,
    userRoles: [...s.userRoles.values()].reduce((n, set) => n + set.size, 0),
    logs: s.logs.length,
  });

  s.appendLog = (log) => {
    if (!log.log_id) {
      // The estate's format: epoch milliseconds (13 digits) and a sequence
      // (11 digits), so that a new event's id sorts after every earlier one.
      const lastMs = Number(String(s.logs.at(-1)?.log_id ?? '0').slice(0, 13)) || 0;
      const ms = Math.max(Date.now(), lastMs);
      log.log_id = `${String(ms).padStart(13, '0')}${String(s.logs.length).padStart(11, '0')}`;
      if (s.logs.length && log.log_id <= s.logs.at(-1).log_id)
        log.log_id = `${String(ms + 1).padStart(13, '0')}${String(s.logs.length).padStart(11, '0')}`;
    }
    s.logIndex.set(log.log_id, s.logs.length);
    s.logs.push(log);
    return log;
  };

  /** A Management API operation, as Auth0 logs it (type sapi). */
  s.logApiOperation = ({ description, method, path, body, status, clientId, ip, userAgent }) =>
    s.appendLog({
      date: new Date().toISOString(),
      type: 'sapi',
      description,
      client_id: clientId,
      client_name: '',
      ip,
      user_agent: userAgent,
      details: {
        request: {
          method: method.toLowerCase(),
          path,
          query: {},
          body: body ?? {},
          channel: 'api',
          auth: { user: {}, strategy: 'jwt', credentials: { jti: '', scopes: [] } },
        },
        response: { statusCode: status, body: {} },
      },
      isMobile: false,
    });

  // Users ------------------------------------------------------------------
  s.userList = () => [...s.users.values()];
  s.userConnections = (u) => (u.identities ?? []).map((i) => i.connection).filter(Boolean);
  s.emailTaken = (email, connection, exceptId) =>
    [...s.users.values()].some(
      (u) =>
        u.user_id !== exceptId &&
        String(u.email ?? '').toLowerCase() === String(email).toLowerCase() &&
        s.userConnections(u).includes(connection),
    );

  s.createUser = (body) => {
    const now = new Date().toISOString();
    const id = createHash('sha256')
      .update(`${body.connection}/${body.email}/${now}/${randomBytes(4).toString('hex')}`)
      .digest('hex')
      .slice(0, 24);
    const user = {
      user_id: body.user_id ? `auth0|${body.user_id}` : `auth0|${id}`,
      email: body.email,
      email_verified: body.email_verified ?? false,
      name: body.name ?? body.email,
      nickname: body.nickname ?? String(body.email ?? '').split('@')[0],
      ...(body.given_name ? { given_name: body.given_name } : {}),
      ...(body.family_name ? { family_name: body.family_name } : {}),
      picture: body.picture ?? 'https://s.gravatar.com/avatar/0?s=480&r=pg&d=mp',
      blocked: body.blocked ?? false,
      created_at: now,
      updated_at: now,
      logins_count: 0,
      app_metadata: clone(body.app_metadata) ?? {},
      user_metadata: clone(body.user_metadata) ?? {},
      identities: [
        {
          connection: body.connection,
          provider: 'auth0',
          user_id: body.user_id ?? id,
          isSocial: false,
        },
      ],
    };
    s.users.set(user.user_id, user);
    return user;
  };

  /** Applies a validated PATCH body. app_metadata/user_metadata merge; null deletes a key. */
  s.updateUser = (user, body) => {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'app_metadata' || k === 'user_metadata') {
        const merged = { ...(user[k] ?? {}) };
        for (const [mk, mv] of Object.entries(v ?? {})) {
          if (mv === null) delete merged[mk];
          else merged[mk] = clone(mv);
        }
        user[k] = merged;
      } else if (k === 'password' || k === 'connection' || k === 'client_id') {
        // Accepted and not stored, as the sandbox keeps no credentials.
      } else if (k === 'email') {
        user.email = v;
        for (const i of user.identities ?? []) if (i.profileData) i.profileData.email = v;
      } else {
        user[k] = clone(v);
      }
    }
    user.updated_at = new Date().toISOString();
    return user;
  };

  s.deleteUser = (id) => {
    s.userRoles.delete(id);
    return s.users.delete(id);
  };

  /** A sign-in, for tests of incremental sync: an `s` log, last_login and logins_count. */
  s.signIn = (user, { ip = '203.0.113.10', clientName = 'Codex Console' } = {}) => {
    const now = new Date().toISOString();
    user.last_login = now;
    user.last_ip = ip;
    user.logins_count = (user.logins_count ?? 0) + 1;
    user.updated_at = now;
    return s.appendLog({
      date: now,
      type: 's',
      description: 'Successful login',
      client_id: 'codex-console',
      client_name: clientName,
      ip,
      user_agent: 'Chrome 131.0.0 / Mac OS X 14.6.1',
      user_id: user.user_id,
      user_name: user.email,
      connection: s.userConnections(user)[0] ?? DEFAULT_CONNECTION,
      details: { prompts: [], initiatedAt: Date.now(), completedAt: Date.now() },
      isMobile: false,
    });
  };

  // Roles ------------------------------------------------------------------
  s.rolesOf = (userId) => [...(s.userRoles.get(userId) ?? [])].map((id) => s.roles.get(id));
  s.membersOf = (roleId) =>
    [...s.users.values()].filter((u) => s.userRoles.get(u.user_id)?.has(roleId));
  s.assignRoles = (userId, roleIds) => {
    if (!s.userRoles.has(userId)) s.userRoles.set(userId, new Set());
    for (const r of roleIds) s.userRoles.get(userId).add(r);
  };
  s.removeRoles = (userId, roleIds) => {
    for (const r of roleIds) s.userRoles.get(userId)?.delete(r);
  };

  // Rate limits ------------------------------------------------------------
  /**
   * Charges one Management API request. Without a throttle budget, a window
   * of `rateLimit` requests per second; with one (setThrottle), `requests`
   * more requests until the budget refills at `refillAt` (a whole second, as
   * x-ratelimit-reset is in epoch seconds), then back to normal.
   */
  s.charge = () => {
    const now = Date.now();
    const t = s.throttle;
    if (t && now >= t.refillAt) s.throttle = null;
    if (s.throttle) {
      const headers = {
        'x-ratelimit-limit': String(t.requests),
        'x-ratelimit-reset': String(t.refillAt / 1000),
      };
      if (t.left <= 0) {
        s.throttleRefusals += 1;
        return { limited: true, headers: { ...headers, 'x-ratelimit-remaining': '0' } };
      }
      t.left -= 1;
      return { headers: { ...headers, 'x-ratelimit-remaining': String(t.left) } };
    }
    const second = Math.floor(now / 1000);
    if (s.window.second !== second) s.window = { second, used: 0 };
    const limit = s.config.rateLimit;
    const headers = { 'x-ratelimit-limit': String(limit), 'x-ratelimit-reset': String(second + 1) };
    if (s.window.used >= limit) {
      s.throttleRefusals += 1;
      return { limited: true, headers: { ...headers, 'x-ratelimit-remaining': '0' } };
    }
    s.window.used += 1;
    return { headers: { ...headers, 'x-ratelimit-remaining': String(limit - s.window.used) } };
  };
  /** The rate-limit headers as they stand, without charging a request. */
  s.limitHeaders = () => {
    const now = Date.now();
    const t = s.throttle && now < s.throttle.refillAt ? s.throttle : null;
    if (t)
      return {
        'x-ratelimit-limit': String(t.requests),
        'x-ratelimit-remaining': String(Math.max(0, t.left)),
        'x-ratelimit-reset': String(t.refillAt / 1000),
      };
    const second = Math.floor(now / 1000);
    const used = s.window.second === second ? s.window.used : 0;
    return {
      'x-ratelimit-limit': String(s.config.rateLimit),
      'x-ratelimit-remaining': String(Math.max(0, s.config.rateLimit - used)),
      'x-ratelimit-reset': String(second + 1),
    };
  };
  s.setThrottle = ({ requests = 0, resetSeconds = 1 } = {}) => {
    const refillAt = Math.ceil((Date.now() + resetSeconds * 1000) / 1000) * 1000;
    s.throttle = { requests, left: requests, refillAt };
    s.throttleRefusals = 0;
    return { requests, resetSeconds, reset: refillAt / 1000 };
  };

  s.count = (key) => s.requests.set(key, (s.requests.get(key) ?? 0) + 1);

  if (estate) s.load(estate);
  return s;
}

/** A user as the Management API answers it: without the estate's own fields. */
export function publicUser(u) {
  const { personKey, ...rest } = u;
  return structuredClone(rest);
}

export function publicRole(r) {
  return { id: r.id, name: r.name, description: r.description };
}

export function publicLog(l) {
  const { personKey, ...rest } = l;
  return structuredClone(rest);
}
