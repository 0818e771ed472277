// The Graph sandbox's mutable directory: users, groups and their members,
// directory roles, MFA registration details and sign-ins, built from an
// identity estate (`createState(estateFn)`; tools/sandbox/identity/estate.mjs).
// Every change bumps a version; delta tokens carry the version they were issued
// at, so a deltaLink answers only what changed after it.
import { randomUUID } from 'node:crypto';

export const DEFAULT_CONFIG = {
  /** Page size when the request has no $top (Graph: 100 for users and groups). */
  pageSize: 100,
  /** Largest $top accepted for users, groups and members (Graph: 999). */
  maxTop: 999,
  /** Page size of users/delta and groups/delta (Graph: about 100-200). */
  deltaPageSize: 100,
  /** Largest $top accepted for sign-ins (Graph: 1000). */
  maxSignInTop: 1000,
};

/** The Graph properties of a user; the estate's own fields (personKey...) are dropped. */
export const USER_FIELDS = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'mailNickname',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'accountEnabled',
  'createdDateTime',
  'department',
  'jobTitle',
  'usageLocation',
  'userType',
  'employeeId',
  'companyName',
  'city',
  'country',
  'deletedDateTime',
];
/** What GET /users returns without $select (as Graph v1.0). */
export const USER_DEFAULT_FIELDS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
export const GROUP_FIELDS = [
  'id',
  'deletedDateTime',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
  'securityIdentifier',
  'visibility',
  'membershipRule',
  'isAssignableToRole',
];
export const ROLE_FIELDS = [
  'id',
  'deletedDateTime',
  'description',
  'displayName',
  'roleTemplateId',
];

const pick = (obj, fields) => {
  const out = {};
  for (const f of fields) if (obj[f] !== undefined) out[f] = obj[f];
  return out;
};

const mailNickname = (upn) => String(upn).split('@')[0];
/** Graph writes createdDateTime to the second: 2023-03-28T10:13:51Z. */
const toSecond = (iso) => (typeof iso === 'string' ? iso.replace(/\.\d+Z$/, 'Z') : iso);

export function createState(estateFn, config) {
  const s = {
    config: { ...DEFAULT_CONFIG, ...config },
    version: 1,
    users: new Map(),
    groups: new Map(),
    members: new Map(), // groupId → Set(userId)
    memberLog: [], // { v, groupId, userId, op: 'add' | 'remove' }
    tombstones: new Map(), // userId → version deleted at
    roles: new Map(),
    roleMembers: new Map(), // roleId → Set(userId)
    registration: [],
    signIns: [],
    tenantId: '',
    throttle: null,
    throttleRefusals: 0,
    requests: new Map(),
    seedOptions: {},
  };

  s.seed = (options = {}) => {
    const estate = estateFn(options);
    const entra = estate.entra;
    s.seedOptions = options;
    // Delta tokens name the seed they were issued for: older ones need a new full round.
    s.epoch = randomUUID().slice(0, 8);
    s.tenantId = estate.tenant?.entraTenantId ?? '';
    s.version = 1;
    for (const m of [s.users, s.groups, s.members, s.tombstones, s.roles, s.roleMembers]) m.clear();
    s.memberLog = [];
    s.throttle = null;
    s.throttleRefusals = 0;
    for (const u of entra.users) {
      const data = pick(u, USER_FIELDS);
      data.createdDateTime = toSecond(data.createdDateTime);
      data.businessPhones ??= [];
      data.mailNickname ??= mailNickname(u.userPrincipalName);
      data.userType ??= 'Member';
      for (const f of ['mobilePhone', 'officeLocation', 'preferredLanguage']) data[f] ??= null;
      s.users.set(u.id, {
        data,
        signInActivity: u.lastSignInDateTime
          ? {
              lastSignInDateTime: u.lastSignInDateTime,
              lastSignInRequestId: null,
              lastNonInteractiveSignInDateTime: null,
              lastNonInteractiveSignInRequestId: null,
            }
          : null,
        v: 0,
      });
    }
    for (const g of entra.groups) {
      const data = pick(g, GROUP_FIELDS);
      data.createdDateTime = toSecond(data.createdDateTime);
      data.mailNickname ??= g.displayName.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();
      data.mail ??= g.mailEnabled ? `${data.mailNickname}@${tenantDomain()}` : null;
      data.deletedDateTime ??= null;
      s.groups.set(g.id, { data, v: 0 });
      s.members.set(g.id, new Set());
    }
    for (const { groupId, userId } of entra.memberships) s.members.get(groupId)?.add(userId);
    for (const r of entra.directoryRoles) {
      const data = pick(r, ROLE_FIELDS);
      data.deletedDateTime ??= null;
      data.description ??= `Can manage what a ${r.displayName} manages.`;
      s.roles.set(r.id, { data });
      s.roleMembers.set(r.id, new Set());
    }
    for (const { roleId, userId } of entra.roleMembers) s.roleMembers.get(roleId)?.add(userId);
    s.registration = entra.mfaRegistration.map((r) => ({ ...r }));
    // Newest first, as Graph lists them by default.
    s.signIns = entra.signIns
      .map((x) => ({ ...x, t: Date.parse(x.createdDateTime) }))
      .sort((a, b) => b.t - a.t || (a.id < b.id ? -1 : 1))
      .map(({ t, ...x }) => x);
    return s.summary();
  };

  const tenantDomain = () => {
    const first = estateFirstUpn();
    return first ? first.split('@')[1] : 'codexsandbox.onmicrosoft.com';
  };
  const estateFirstUpn = () => s.users.values().next().value?.data.userPrincipalName;

  s.summary = () => ({
    users: s.users.size,
    groups: s.groups.size,
    memberships: [...s.members.values()].reduce((n, m) => n + m.size, 0),
    directoryRoles: s.roles.size,
    signIns: s.signIns.length,
    userRegistrationDetails: s.registration.length,
    version: s.version,
  });

  const bump = () => {
    s.version += 1;
    return s.version;
  };

  /** A user by object id or (case-insensitive) userPrincipalName. */
  s.findUser = (key) => {
    const byId = s.users.get(key) ?? s.users.get(String(key).toLowerCase());
    if (byId) return byId;
    const k = String(key).toLowerCase();
    for (const u of s.users.values()) if (u.data.userPrincipalName.toLowerCase() === k) return u;
    return undefined;
  };
  s.upnTaken = (upn, exceptId) => {
    const k = String(upn).toLowerCase();
    for (const u of s.users.values())
      if (u.data.id !== exceptId && u.data.userPrincipalName.toLowerCase() === k) return true;
    return false;
  };

  s.updateUser = (user, changes) => {
    Object.assign(user.data, changes);
    user.v = bump();
  };
  s.createUser = (fields) => {
    const id = randomUUID();
    const data = {
      id,
      businessPhones: [],
      displayName: fields.displayName,
      givenName: fields.givenName ?? null,
      surname: fields.surname ?? null,
      userPrincipalName: fields.userPrincipalName,
      mail: fields.mail ?? null,
      mailNickname: fields.mailNickname,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      accountEnabled: fields.accountEnabled,
      createdDateTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      department: fields.department ?? null,
      jobTitle: fields.jobTitle ?? null,
      usageLocation: fields.usageLocation ?? null,
      userType: 'Member',
    };
    const user = { data, signInActivity: null, v: bump() };
    s.users.set(id, user);
    s.tombstones.delete(id);
    return user;
  };
  s.deleteUser = (user) => {
    const id = user.data.id;
    s.users.delete(id);
    s.tombstones.set(id, bump());
    // Entra drops the memberships of a deleted user; groups/delta does not report it.
    for (const m of s.members.values()) m.delete(id);
    for (const m of s.roleMembers.values()) m.delete(id);
  };

  s.addMember = (groupId, userId) => {
    s.members.get(groupId).add(userId);
    s.memberLog.push({ v: bump(), groupId, userId, op: 'add' });
  };
  s.removeMember = (groupId, userId) => {
    s.members.get(groupId).delete(userId);
    s.memberLog.push({ v: bump(), groupId, userId, op: 'remove' });
  };

  /** The groups a user is a direct member of, and the directory roles it holds. */
  s.memberOf = (userId) => {
    const out = [];
    for (const [gid, m] of s.members)
      if (m.has(userId)) out.push({ type: 'group', obj: s.groups.get(gid) });
    for (const [rid, m] of s.roleMembers)
      if (m.has(userId)) out.push({ type: 'directoryRole', obj: s.roles.get(rid) });
    return out;
  };

  // Throttling: at most `requests` Graph requests until `retryAfterSeconds` have
  // passed since it was set; then 429 with Retry-After (the rest of that window).
  s.setThrottle = ({ requests = 0, retryAfterSeconds = 1 } = {}) => {
    s.throttle = { left: requests, refillAt: Date.now() + retryAfterSeconds * 1000 };
    s.throttleRefusals = 0;
    return { requests, retryAfterSeconds };
  };
  s.charge = () => {
    const t = s.throttle;
    if (!t) return null;
    if (Date.now() >= t.refillAt) {
      s.throttle = null;
      return null;
    }
    if (t.left > 0) {
      t.left -= 1;
      return null;
    }
    s.throttleRefusals += 1;
    return { retryAfter: Math.max(1, Math.ceil((t.refillAt - Date.now()) / 1000)) };
  };

  /** Counts Graph requests per "METHOD /v1.0/path/{template}". */
  s.count = (key) => s.requests.set(key, (s.requests.get(key) ?? 0) + 1);

  return s;
}
