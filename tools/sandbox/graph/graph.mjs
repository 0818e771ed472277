// Microsoft Graph v1.0 resources of the sandbox: users, groups and members,
// delta queries, directory roles, sign-ins and MFA registration details.
// handleGraph returns { status, body?, headers?, text? }; errors are
// { status, error: { code, message } } and get their innerError in server.mjs.
import {
  checkFilter,
  decodeToken,
  encodeToken,
  matches,
  parseFilter,
  parseOrderBy,
  QueryError,
  sortBy,
} from './odata.mjs';
import { GROUP_FIELDS, ROLE_FIELDS, USER_DEFAULT_FIELDS, USER_FIELDS } from './state.mjs';

export const gerr = (status, code, message, headers) => ({
  status,
  error: { code, message },
  headers,
});
const notFound = (id) =>
  gerr(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
const badRequest = (message) => gerr(400, 'Request_BadRequest', message);

const STR = ['eq', 'ne', 'startswith', 'endswith'];
const CMP = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const USER_FILTER = {
  id: { type: 'string', ops: ['eq', 'ne'] },
  accountenabled: { type: 'boolean', key: 'accountEnabled', ops: ['eq', 'ne'] },
  displayname: { type: 'string', key: 'displayName', ops: STR },
  givenname: { type: 'string', key: 'givenName', ops: STR },
  surname: { type: 'string', ops: STR },
  mail: { type: 'string', ops: STR },
  mailnickname: { type: 'string', key: 'mailNickname', ops: STR },
  userprincipalname: { type: 'string', key: 'userPrincipalName', ops: STR },
  department: { type: 'string', ops: STR },
  jobtitle: { type: 'string', key: 'jobTitle', ops: STR },
  usagelocation: { type: 'string', key: 'usageLocation', ops: ['eq', 'ne'] },
  usertype: { type: 'string', key: 'userType', ops: ['eq', 'ne'] },
  createddatetime: { type: 'datetime', key: 'createdDateTime', ops: CMP },
  'signinactivity/lastsignindatetime': {
    type: 'datetime',
    key: 'signInActivity/lastSignInDateTime',
    ops: CMP,
  },
};
const USER_ORDER = { displayname: 'displayName', userprincipalname: 'userPrincipalName' };
const GROUP_FILTER = {
  id: { type: 'string', ops: ['eq', 'ne'] },
  displayname: { type: 'string', key: 'displayName', ops: STR },
  mail: { type: 'string', ops: STR },
  mailnickname: { type: 'string', key: 'mailNickname', ops: STR },
  securityenabled: { type: 'boolean', key: 'securityEnabled', ops: ['eq', 'ne'] },
  mailenabled: { type: 'boolean', key: 'mailEnabled', ops: ['eq', 'ne'] },
  createddatetime: { type: 'datetime', key: 'createdDateTime', ops: CMP },
};
const GROUP_ORDER = { displayname: 'displayName' };
const ROLE_FILTER = {
  id: { type: 'string', ops: ['eq'] },
  roletemplateid: { type: 'string', key: 'roleTemplateId', ops: ['eq'] },
  displayname: { type: 'string', key: 'displayName', ops: ['eq', 'startswith'] },
};
const SIGNIN_FILTER = {
  id: { type: 'string', ops: ['eq'] },
  createddatetime: { type: 'datetime', key: 'createdDateTime', ops: CMP },
  userid: { type: 'string', key: 'userId', ops: ['eq'] },
  userprincipalname: { type: 'string', key: 'userPrincipalName', ops: ['eq', 'startswith'] },
  userdisplayname: { type: 'string', key: 'userDisplayName', ops: ['eq', 'startswith'] },
  appid: { type: 'string', key: 'appId', ops: ['eq'] },
  appdisplayname: { type: 'string', key: 'appDisplayName', ops: ['eq', 'startswith'] },
  ipaddress: { type: 'string', key: 'ipAddress', ops: ['eq', 'startswith'] },
  clientappused: { type: 'string', key: 'clientAppUsed', ops: ['eq'] },
  isinteractive: { type: 'boolean', key: 'isInteractive', ops: ['eq', 'ne'] },
  conditionalaccessstatus: { type: 'string', key: 'conditionalAccessStatus', ops: ['eq', 'ne'] },
  risklevelduringsignin: { type: 'string', key: 'riskLevelDuringSignIn', ops: ['eq', 'ne'] },
  'status/errorcode': { type: 'number', key: 'status/errorCode', ops: ['eq', 'ne'] },
  'location/city': { type: 'string', key: 'location/city', ops: ['eq', 'startswith'] },
  'location/countryorregion': { type: 'string', key: 'location/countryOrRegion', ops: ['eq'] },
};
const SIGNIN_ORDER = { createddatetime: 'createdDateTime' };
const REG_FILTER = {
  id: { type: 'string', ops: ['eq'] },
  userprincipalname: { type: 'string', key: 'userPrincipalName', ops: ['eq', 'startswith'] },
  userdisplayname: { type: 'string', key: 'userDisplayName', ops: ['eq', 'startswith'] },
  isadmin: { type: 'boolean', key: 'isAdmin', ops: ['eq', 'ne'] },
  ismfaregistered: { type: 'boolean', key: 'isMfaRegistered', ops: ['eq', 'ne'] },
  ismfacapable: { type: 'boolean', key: 'isMfaCapable', ops: ['eq', 'ne'] },
  ispasswordlesscapable: { type: 'boolean', key: 'isPasswordlessCapable', ops: ['eq', 'ne'] },
  isssprregistered: { type: 'boolean', key: 'isSsprRegistered', ops: ['eq', 'ne'] },
  lastupdateddatetime: { type: 'datetime', key: 'lastUpdatedDateTime', ops: CMP },
};
const REG_ORDER = { userprincipalname: 'userPrincipalName', userdisplayname: 'userDisplayName' };

/** Query options of a request; throws QueryError on a malformed one. */
function options(url, { maxTop, defaultTop }) {
  const q = url.searchParams;
  for (const k of q.keys()) {
    if (k === '$search') throw new QueryError('$search is not supported by the sandbox.');
    if (k === '$skip') throw new QueryError("'$skip' is not supported by this API.");
  }
  const topText = q.get('$top');
  let top = defaultTop;
  if (topText !== null) {
    top = Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > maxTop)
      throw new QueryError(
        `Invalid page size specified: '${topText}'. Must be between 1 and ${maxTop} inclusive.`,
      );
  }
  const selectText = q.get('$select');
  const select = selectText
    ? selectText
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : null;
  return {
    top,
    select,
    filter: q.get('$filter'),
    orderby: q.get('$orderby'),
    expand: q.get('$expand'),
    count: (q.get('$count') ?? '').toLowerCase() === 'true',
    skiptoken: q.get('$skiptoken') ?? q.get('$skipToken'),
  };
}

/** Checks $select names against the type's properties (case-insensitive), returns canonical names. */
function selectFields(select, known, type) {
  return select.map((name) => {
    const hit = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!hit)
      throw new QueryError(
        `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
      );
    return hit;
  });
}

const pickSelected = (obj, fields) => {
  const out = {};
  for (const f of fields) out[f] = obj[f] === undefined ? null : obj[f];
  return out;
};

const USER_SELECTABLE = [...USER_FIELDS, 'signInActivity'];

/** A user as Graph shows it for `select` (null: the default properties). */
function userView(user, select) {
  if (!select) return pickSelected(user.data, USER_DEFAULT_FIELDS);
  const out = {};
  for (const f of select) {
    out[f] =
      f === 'signInActivity'
        ? user.signInActivity
        : user.data[f] === undefined
          ? null
          : user.data[f];
  }
  return out;
}
const groupView = (group, select) =>
  pickSelected(
    group.data,
    select ?? GROUP_FIELDS.filter((f) => group.data[f] !== undefined || f === 'description'),
  );
const roleView = (role, select) => pickSelected(role.data, select ?? ROLE_FIELDS);
const filterView = (user) => ({ ...user.data, signInActivity: user.signInActivity });

function buildLink(ctx, params) {
  const parts = [];
  for (const [k, v] of params) parts.push(`${k}=${encodeURIComponent(v)}`);
  return `${ctx.baseUrl}${ctx.url.pathname}?${parts.join('&')}`;
}

/** Pages `items` by offset: value, @odata.nextLink (absolute, with $skiptoken), @odata.count. */
function page(ctx, items, { top, skiptoken, count, context }) {
  const offset = skiptoken ? Number(decodeToken(skiptoken, 'skip token').o) : 0;
  if (!Number.isInteger(offset) || offset < 0)
    throw new QueryError(`The skip token '${skiptoken}' is not valid.`);
  const value = items.slice(offset, offset + top);
  const body = { '@odata.context': context };
  if (count) body['@odata.count'] = items.length;
  if (offset + top < items.length) {
    const params = [...ctx.url.searchParams].filter(([k]) => k.toLowerCase() !== '$skiptoken');
    params.push(['$skiptoken', encodeToken({ o: offset + top })]);
    body['@odata.nextLink'] = buildLink(ctx, params);
  }
  body.value = value;
  return { status: 200, body };
}

const contextUrl = (ctx, entitySet, select) =>
  `${ctx.baseUrl}/v1.0/$metadata#${entitySet}${select ? `(${select.join(',')})` : ''}`;

const listCache = new Map();

/** A filtered, ordered, paged, projected collection. */
function collection(ctx, all, spec) {
  const { state } = ctx;
  const o = options(ctx.url, {
    maxTop: spec.maxTop ?? state.config.maxTop,
    defaultTop: spec.defaultTop ?? state.config.pageSize,
  });
  if (
    o.count &&
    !spec.countWithoutHeader &&
    // A nextLink carries the query it continues: PageIterator need not repeat the header.
    !o.skiptoken &&
    ctx.headers.consistencylevel?.toLowerCase() !== 'eventual'
  ) {
    throw new QueryError(
      '$count is not currently supported: send the ConsistencyLevel header set to eventual.',
    );
  }
  const select = o.select ? selectFields(o.select, spec.selectable, spec.type) : null;
  // The pages of one query share its filtered, ordered list while nothing changes.
  const cacheKey = `${state.epoch}/${state.version}/${ctx.url.pathname}?${o.filter}&${o.orderby}`;
  const cached = listCache.get(cacheKey);
  let items = cached;
  if (!items) {
    items = all;
    if (o.filter) {
      const tree = checkFilter(parseFilter(o.filter), spec.filter, spec.resource);
      items = items.filter((x) => matches(tree, spec.filterView ? spec.filterView(x) : x));
    }
    const order = o.orderby ? parseOrderBy(o.orderby, spec.order, spec.resource) : null;
    if (spec.sortItems) items = spec.sortItems(items, order);
    else if (order) items = sortBy([...items], order, spec.orderType);
    if (listCache.size >= 16) listCache.delete(listCache.keys().next().value);
    listCache.set(cacheKey, items);
  }
  const r = page(ctx, items, {
    top: o.top,
    skiptoken: o.skiptoken,
    count: o.count,
    context: contextUrl(ctx, spec.entitySet, select),
  });
  r.body.value = r.body.value.map((x) => spec.view(x, select, o));
  return r;
}

const userSpec = (extra = {}) => ({
  type: 'user',
  resource: 'User',
  entitySet: 'users',
  selectable: USER_SELECTABLE,
  filter: USER_FILTER,
  order: USER_ORDER,
  filterView,
  view: (u, select) => userView(u, select),
  ...extra,
});
const groupSpec = (extra = {}) => ({
  type: 'group',
  resource: 'Group',
  entitySet: 'groups',
  selectable: GROUP_FIELDS,
  filter: GROUP_FILTER,
  order: GROUP_ORDER,
  filterView: (g) => g.data,
  view: (g, select) => groupView(g, select),
  ...extra,
});

const sortedById = (map) => [...map.values()].sort((a, b) => (a.data.id < b.data.id ? -1 : 1));

// ---------------------------------------------------------------- users

function parseJson(body) {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new QueryError('The request body must be a JSON object.');
  return body;
}

const PATCHABLE = {
  accountEnabled: 'boolean',
  displayName: 'string',
  givenName: 'string',
  surname: 'string',
  department: 'string',
  jobTitle: 'string',
  usageLocation: 'string',
  mail: 'string',
  mailNickname: 'string',
  userPrincipalName: 'string',
  officeLocation: 'string',
  mobilePhone: 'string',
  employeeId: 'string',
  companyName: 'string',
  passwordProfile: 'object',
};
const READ_ONLY = ['id', 'createdDateTime', 'deletedDateTime', 'signInActivity', 'userType'];

function checkUserFields(body) {
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('@odata.')) continue;
    if (READ_ONLY.includes(k)) return badRequest(`Property '${k}' is read-only and cannot be set.`);
    const type = PATCHABLE[k];
    if (!type)
      return badRequest(
        `Property '${k}' does not exist as a declared property or extension property.`,
      );
    if (v !== null && typeof v !== type) {
      return badRequest(`Invalid value specified for property '${k}' of resource 'User'.`);
    }
    if (k === 'userPrincipalName' && !/^[^@\s]+@[^@\s]+$/.test(v))
      return badRequest(
        `Invalid value specified for property 'userPrincipalName' of resource 'User'.`,
      );
  }
  return null;
}
const DUPLICATE_UPN =
  'Another object with the same value for property userPrincipalName already exists.';

function createUser(ctx, raw) {
  const body = parseJson(raw);
  const refused = checkUserFields(body);
  if (refused) return refused;
  for (const k of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName']) {
    if (body[k] === undefined || body[k] === null || body[k] === '')
      return badRequest(`Invalid value specified for property '${k}' of resource 'User'.`);
  }
  if (!body.passwordProfile?.password)
    return badRequest('A password must be specified to create a new user.');
  if (ctx.state.upnTaken(body.userPrincipalName)) return badRequest(DUPLICATE_UPN);
  const user = ctx.state.createUser(body);
  return {
    status: 201,
    body: {
      '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users/$entity`,
      ...userView(user, null),
    },
  };
}

function patchUser(ctx, user, raw) {
  const body = parseJson(raw);
  const refused = checkUserFields(body);
  if (refused) return refused;
  if (body.userPrincipalName && ctx.state.upnTaken(body.userPrincipalName, user.data.id))
    return badRequest(DUPLICATE_UPN);
  const changes = { ...body };
  delete changes.passwordProfile;
  for (const k of Object.keys(changes)) if (k.startsWith('@odata.')) delete changes[k];
  ctx.state.updateUser(user, changes);
  return { status: 204 };
}

function getOne(ctx, view, entitySet, selectable, type) {
  const o = options(ctx.url, { maxTop: 1, defaultTop: 1 });
  const select = o.select ? selectFields(o.select, selectable, type) : null;
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#${entitySet}${select ? `(${select.join(',')})` : ''}/$entity`,
      ...view(select),
    },
  };
}

function memberOf(ctx, user) {
  const entries = ctx.state.memberOf(user.data.id);
  return collection(ctx, entries, {
    type: 'directoryObject',
    resource: 'DirectoryObject',
    entitySet: 'directoryObjects',
    selectable: [...new Set([...GROUP_FIELDS, ...ROLE_FIELDS])],
    filter: { displayname: { type: 'string', key: 'displayName', ops: STR } },
    order: {},
    filterView: (e) => e.obj.data,
    view: (e, select) => {
      const fields = select ?? (e.type === 'group' ? GROUP_FIELDS : ROLE_FIELDS);
      const known = e.type === 'group' ? GROUP_FIELDS : ROLE_FIELDS;
      return {
        '@odata.type': `#microsoft.graph.${e.type}`,
        ...pickSelected(
          e.obj.data,
          fields.filter((f) => known.includes(f)),
        ),
      };
    },
  });
}

function users(ctx, segs, body) {
  const { state, method } = ctx;
  if (segs.length === 1) {
    if (method === 'GET') {
      return collection(ctx, sortedById(state.users), userSpec());
    }
    if (method === 'POST') return createUser(ctx, body);
    return methodNotAllowed();
  }
  if (segs[1] === '$count' && segs.length === 2) {
    if (ctx.headers.consistencylevel?.toLowerCase() !== 'eventual')
      throw new QueryError(
        'Count is not currently supported: send the ConsistencyLevel header set to eventual.',
      );
    const o = options(ctx.url, { maxTop: state.config.maxTop, defaultTop: 1 });
    let items = [...state.users.values()];
    if (o.filter) {
      const tree = checkFilter(parseFilter(o.filter), USER_FILTER, 'User');
      items = items.filter((u) => matches(tree, filterView(u)));
    }
    return { status: 200, text: String(items.length) };
  }
  if (segs[1] === 'delta' && segs.length === 2)
    return method === 'GET' ? delta(ctx, 'users') : methodNotAllowed();
  const user = state.findUser(segs[1]);
  if (!user) return notFound(segs[1]);
  if (segs.length === 2) {
    if (method === 'GET')
      return getOne(ctx, (select) => userView(user, select), 'users', USER_SELECTABLE, 'user');
    if (method === 'PATCH') return patchUser(ctx, user, body);
    if (method === 'DELETE') {
      state.deleteUser(user);
      return { status: 204 };
    }
    return methodNotAllowed();
  }
  if (segs[2] === 'memberOf' && segs.length === 3)
    return method === 'GET' ? memberOf(ctx, user) : methodNotAllowed();
  return segmentNotFound(segs[2]);
}

// ---------------------------------------------------------------- groups

const memberSpec = () =>
  userSpec({
    entitySet: 'directoryObjects',
    view: (u, select) => ({ '@odata.type': '#microsoft.graph.user', ...userView(u, select) }),
  });

function memberList(ctx, ids) {
  const items = [...ids].map((id) => ctx.state.users.get(id)).filter(Boolean);
  items.sort((a, b) => (a.data.id < b.data.id ? -1 : 1));
  return collection(ctx, items, memberSpec());
}

function addMember(ctx, groupId, raw) {
  const body = parseJson(raw);
  const ref = body['@odata.id'];
  if (typeof ref !== 'string')
    return gerr(
      400,
      'Request_BadRequest',
      "The request body needs '@odata.id': the URL of the directory object to add.",
    );
  const id = decodeURIComponent(ref.replace(/\/+$/, '').split('/').pop());
  const user = ctx.state.users.get(id);
  if (!user) {
    if (ctx.state.groups.has(id))
      return badRequest('The sandbox supports users as group members only (not nested groups).');
    return notFound(id);
  }
  if (ctx.state.members.get(groupId).has(id))
    return badRequest(
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  ctx.state.addMember(groupId, id);
  return { status: 204 };
}

function groups(ctx, segs, body) {
  const { state, method } = ctx;
  if (segs.length === 1) {
    if (method === 'GET') return collection(ctx, sortedById(state.groups), groupSpec());
    return methodNotAllowed();
  }
  if (segs[1] === 'delta' && segs.length === 2)
    return method === 'GET' ? delta(ctx, 'groups') : methodNotAllowed();
  const group = state.groups.get(segs[1]);
  if (!group) return notFound(segs[1]);
  const gid = group.data.id;
  if (segs.length === 2) {
    if (method === 'GET')
      return getOne(ctx, (select) => groupView(group, select), 'groups', GROUP_FIELDS, 'group');
    return methodNotAllowed();
  }
  if (segs[2] !== 'members') return segmentNotFound(segs[2]);
  if (segs.length === 3)
    return method === 'GET' ? memberList(ctx, state.members.get(gid)) : methodNotAllowed();
  if (segs.length === 4 && segs[3] === '$ref') {
    if (method === 'POST') return addMember(ctx, gid, body);
    return methodNotAllowed();
  }
  if (segs.length === 5 && segs[4] === '$ref') {
    if (method !== 'DELETE') return methodNotAllowed();
    if (!state.members.get(gid).has(segs[3])) {
      if (!state.users.has(segs[3])) return notFound(segs[3]);
      return gerr(
        404,
        'Request_ResourceNotFound',
        "One or more removed object references do not exist for the following modified properties: 'members'.",
      );
    }
    state.removeMember(gid, segs[3]);
    return { status: 204 };
  }
  return segmentNotFound(segs.at(-1));
}

// ---------------------------------------------------------------- delta

/**
 * users/delta and groups/delta. A token is {k, e (seed), ph: 'full'|'inc', v | from+to, o, s, t}:
 * the first (full) round pages every object as of version v; a deltaLink carries
 * the version it was issued at, and calling it pages what changed after it.
 */
function delta(ctx, kind) {
  const { state } = ctx;
  const q = ctx.url.searchParams;
  if (q.get('$filter'))
    throw new QueryError(`$filter on ${kind}/delta is not supported by the sandbox.`);
  let tok;
  if (q.get('$skiptoken') ?? q.get('$skipToken')) {
    tok = decodeToken(q.get('$skiptoken') ?? q.get('$skipToken'), 'skip token');
  } else if (q.get('$deltatoken') ?? q.get('$deltaToken')) {
    const text = q.get('$deltatoken') ?? q.get('$deltaToken');
    if (text === 'latest') {
      tok = {
        k: kind,
        e: state.epoch,
        ph: 'inc',
        from: state.version,
        to: state.version,
        o: 0,
        s: q.get('$select'),
        t: null,
      };
    } else {
      const d = decodeToken(text, 'delta token');
      tok = { k: kind, e: d.e, ph: 'inc', from: d.v, to: state.version, o: 0, s: d.s, t: d.t };
    }
  } else {
    const o = options(ctx.url, { maxTop: state.config.maxTop, defaultTop: null });
    tok = {
      k: kind,
      e: state.epoch,
      ph: 'full',
      v: state.version,
      o: 0,
      s: o.select ? o.select.join(',') : null,
      t: o.top,
    };
  }
  if (tok.k !== kind || !Number.isInteger(tok.o))
    throw new QueryError('The delta or skip token is not valid for this resource.');
  if (tok.e !== state.epoch) {
    return gerr(
      410,
      'SyncStateNotFound',
      `The delta token belongs to an earlier seed of the sandbox (reset or seed since): start a new full round with GET /v1.0/${kind}/delta.`,
    );
  }
  const selectList = tok.s ? tok.s.split(',') : null;
  const select =
    kind === 'users'
      ? selectList && selectFields(selectList, USER_SELECTABLE, 'user')
      : selectList && selectFields(selectList, [...GROUP_FIELDS, 'members'], 'group');
  const items =
    kind === 'users' ? userDeltaItems(state, tok, select) : groupDeltaItems(state, tok, select);
  const size = tok.t ?? state.config.deltaPageSize;
  const body = {
    '@odata.context': contextUrl(ctx, kind, select),
  };
  const base = `${ctx.baseUrl}/v1.0/${kind}/delta`;
  if (tok.o + size < items.length) {
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeToken({ ...tok, o: tok.o + size })}`;
  } else {
    const v = tok.ph === 'full' ? tok.v : tok.to;
    body['@odata.deltaLink'] =
      `${base}?$deltatoken=${encodeToken({ k: kind, e: tok.e, v, s: tok.s, t: tok.t })}`;
  }
  body.value = items.slice(tok.o, tok.o + size);
  return { status: 200, body };
}

function userDeltaItems(state, tok, select) {
  const all = sortedById(state.users);
  if (tok.ph === 'full') return all.map((u) => userView(u, select));
  const changed = all
    .filter((u) => u.v > tok.from && u.v <= tok.to)
    .map((u) => userView(u, select));
  const removed = [...state.tombstones]
    .filter(([, v]) => v > tok.from && v <= tok.to)
    .map(([id]) => ({ id, '@removed': { reason: 'changed' } }));
  return [...changed, ...removed];
}

function groupDeltaItems(state, tok, select) {
  const withMembers = !select || select.includes('members');
  const fields = select ? select.filter((f) => f !== 'members') : null;
  const view = (g, membersDelta) => {
    const out = fields ? pickSelected(g.data, fields) : groupView(g, null);
    if (!fields) out.id = g.data.id;
    else if (!out.id) out.id = g.data.id;
    if (withMembers && membersDelta) out['members@delta'] = membersDelta;
    return out;
  };
  const ref = (userId, removed) => ({
    '@odata.type': '#microsoft.graph.user',
    id: userId,
    ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
  });
  const all = sortedById(state.groups);
  if (tok.ph === 'full') {
    return all.map((g) =>
      view(
        g,
        [...state.members.get(g.data.id)].sort().map((id) => ref(id, false)),
      ),
    );
  }
  const changes = new Map(); // groupId → Map(userId → last op)
  for (const e of state.memberLog) {
    if (e.v <= tok.from || e.v > tok.to) continue;
    if (!changes.has(e.groupId)) changes.set(e.groupId, new Map());
    changes.get(e.groupId).set(e.userId, e.op);
  }
  return all
    .filter((g) => (g.v > tok.from && g.v <= tok.to) || changes.has(g.data.id))
    .map((g) => {
      const ops = changes.get(g.data.id);
      return view(
        g,
        ops ? [...ops].map(([userId, op]) => ref(userId, op === 'remove')) : undefined,
      );
    });
}

// ---------------------------------------------------------------- directory roles

function roleWithMembers(ctx, role, select, expand) {
  const out = roleView(role, select);
  if (expand) {
    out.members = [...ctx.state.roleMembers.get(role.data.id)]
      .map((id) => ctx.state.users.get(id))
      .filter(Boolean)
      .map((u) => ({ '@odata.type': '#microsoft.graph.user', ...userView(u, null) }));
  }
  return out;
}

function checkExpand(expand) {
  if (!expand) return false;
  if (expand.trim().toLowerCase() !== 'members')
    throw new QueryError(
      `Could not find a property named '${expand}' on type 'microsoft.graph.directoryRole' to expand (the sandbox expands members).`,
    );
  return true;
}

function directoryRoles(ctx, segs) {
  const { state, method } = ctx;
  if (method !== 'GET') return methodNotAllowed();
  if (segs.length === 1) {
    const all = sortedById(state.roles);
    return collection(ctx, all, {
      type: 'directoryRole',
      resource: 'DirectoryRole',
      entitySet: 'directoryRoles',
      selectable: ROLE_FIELDS,
      filter: ROLE_FILTER,
      order: { displayname: 'displayName' },
      filterView: (r) => r.data,
      defaultTop: Math.max(all.length, 1),
      maxTop: Math.max(all.length, 999),
      view: (r, select, o) => roleWithMembers(ctx, r, select, checkExpand(o.expand)),
    });
  }
  let role;
  const m = /^roleTemplateId=(.+)$/i.exec(segs[1]);
  if (m) {
    const tid = m[1].replace(/^'|'$/g, '');
    role = [...state.roles.values()].find((r) => r.data.roleTemplateId === tid);
    if (!role) return notFound(tid);
  } else {
    role = state.roles.get(segs[1]);
    if (!role) return notFound(segs[1]);
  }
  if (segs.length === 2) {
    const o = options(ctx.url, { maxTop: 1, defaultTop: 1 });
    const expand = checkExpand(o.expand);
    return getOne(
      ctx,
      (select) => roleWithMembers(ctx, role, select, expand),
      'directoryRoles',
      ROLE_FIELDS,
      'directoryRole',
    );
  }
  if (segs.length === 3 && segs[2] === 'members')
    return memberList(ctx, state.roleMembers.get(role.data.id));
  return segmentNotFound(segs.at(-1));
}

// ---------------------------------------------------------------- audit logs and reports

const SIGNIN_FIELDS = [
  'id',
  'createdDateTime',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'appId',
  'appDisplayName',
  'ipAddress',
  'clientAppUsed',
  'correlationId',
  'isInteractive',
  'location',
  'status',
  'conditionalAccessStatus',
  'mfaDetail',
  'riskLevelDuringSignIn',
  'riskLevelAggregated',
  'riskState',
  'riskDetail',
  'deviceDetail',
  'resourceDisplayName',
  'resourceId',
];
const signInView = (x, select) => {
  if (select) return pickSelected(x, select);
  const out = {};
  for (const f of SIGNIN_FIELDS) if (x[f] !== undefined) out[f] = x[f];
  return out;
};

function auditLogs(ctx, segs) {
  const { state } = ctx;
  if (segs[1] !== 'signIns') return segmentNotFound(segs[1] ?? 'auditLogs');
  if (ctx.method !== 'GET') return methodNotAllowed();
  if (segs.length === 3) {
    const x = state.signIns.find((s) => s.id === segs[2]);
    if (!x) return gerr(404, 'ResourceNotFound', `Sign-in '${segs[2]}' was not found.`);
    return {
      status: 200,
      body: {
        '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#auditLogs/signIns/$entity`,
        ...signInView(x, null),
      },
    };
  }
  if (segs.length !== 2) return segmentNotFound(segs.at(-1));
  return withCode('BadRequest', () =>
    collection(ctx, state.signIns, {
      type: 'signIn',
      resource: 'SignIn',
      entitySet: 'auditLogs/signIns',
      selectable: SIGNIN_FIELDS,
      filter: SIGNIN_FILTER,
      order: SIGNIN_ORDER,
      // Kept newest first (state.mjs); ascending is the same list reversed.
      sortItems: (items, order) => (order && !order.desc ? [...items].reverse() : items),
      maxTop: state.config.maxSignInTop,
      countWithoutHeader: true,
      view: signInView,
    }),
  );
}

const REG_FIELDS = [
  'id',
  'userPrincipalName',
  'userDisplayName',
  'userType',
  'isAdmin',
  'isMfaRegistered',
  'isMfaCapable',
  'isPasswordlessCapable',
  'isSsprRegistered',
  'isSsprEnabled',
  'isSsprCapable',
  'isSystemPreferredAuthenticationMethodEnabled',
  'methodsRegistered',
  'defaultMfaMethod',
  'lastUpdatedDateTime',
];

function reports(ctx, segs) {
  const { state } = ctx;
  if (segs[1] !== 'authenticationMethods' || segs[2] !== 'userRegistrationDetails')
    return segmentNotFound(segs[1] ?? 'reports');
  if (ctx.method !== 'GET') return methodNotAllowed();
  const regView = (x, select) => {
    if (select) return pickSelected(x, select);
    const out = {};
    for (const f of REG_FIELDS) if (x[f] !== undefined) out[f] = x[f];
    return out;
  };
  if (segs.length === 4) {
    const x = state.registration.find((r) => r.id === segs[3]);
    if (!x)
      return gerr(404, 'ResourceNotFound', `userRegistrationDetails '${segs[3]}' was not found.`);
    return { status: 200, body: regView(x, null) };
  }
  if (segs.length !== 3) return segmentNotFound(segs.at(-1));
  return withCode('BadRequest', () =>
    collection(ctx, state.registration, {
      type: 'userRegistrationDetails',
      resource: 'userRegistrationDetails',
      entitySet: 'reports/authenticationMethods/userRegistrationDetails',
      selectable: REG_FIELDS,
      filter: REG_FILTER,
      order: REG_ORDER,
      countWithoutHeader: true,
      view: regView,
    }),
  );
}

// ---------------------------------------------------------------- routing

function methodNotAllowed() {
  return gerr(
    405,
    'Request_BadRequest',
    'Specified HTTP method is not allowed for the request uri.',
  );
}
function segmentNotFound(seg) {
  return gerr(400, 'BadRequest', `Resource not found for the segment '${seg}'.`);
}

function withCode(code, fn) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof QueryError) err.code ??= code;
    throw err;
  }
}

/** The path template a request is counted under: ids become {id}. */
const LITERALS = new Set([
  'users',
  'groups',
  'delta',
  'members',
  'memberOf',
  '$ref',
  '$count',
  'directoryRoles',
  'auditLogs',
  'signIns',
  'reports',
  'authenticationMethods',
  'userRegistrationDetails',
]);
export const template = (segs) =>
  `/v1.0/${segs.map((s) => (LITERALS.has(s) ? s : /^roleTemplateId=/i.test(s) ? 'roleTemplateId={id}' : '{id}')).join('/')}`;

/** segs: the path after /v1.0, decoded. */
export function handleGraph(ctx, segs, body) {
  try {
    switch (segs[0]) {
      case 'users':
        return users(ctx, segs, body);
      case 'groups':
        return groups(ctx, segs, body);
      case 'directoryRoles':
        return directoryRoles(ctx, segs);
      case 'auditLogs':
        return auditLogs(ctx, segs);
      case 'reports':
        return reports(ctx, segs);
      default:
        return segmentNotFound(segs[0] ?? 'v1.0');
    }
  } catch (err) {
    if (err instanceof QueryError) return gerr(400, err.code ?? 'Request_BadRequest', err.message);
    throw err;
  }
}
