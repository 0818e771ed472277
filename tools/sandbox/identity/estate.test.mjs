import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import {
  AUTH0_SIGNIN_TYPES,
  computeFindings,
  COUNTRIES,
  distanceKm,
  estateCounts,
  identityEstate,
} from './estate.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DAY = 86_400_000;
const E = identityEstate();
const GT = E.groundTruth;
const hash = (o) => createHash('sha256').update(JSON.stringify(o)).digest('hex');
const countBy = (arr, f) => arr.reduce((m, x) => m.set(f(x), (m.get(f(x)) || 0) + 1), new Map());

test('deterministic: same seed gives the same JSON, another seed differs', () => {
  assert.equal(hash(identityEstate()), hash(E));
  assert.equal(hash(identityEstate({ seed: 7, people: 500 })), hash(E));
  assert.notEqual(hash(identityEstate({ seed: 8 })), hash(E));
});

test('shape and tenant', () => {
  assert.deepEqual(E.tenant, {
    auth0Domain: 'acme-sandbox',
    entraTenantId: '72f988bf-0000-4000-8000-00000000c0de',
  });
  assert.equal(E.people.length, 500);
  assert.equal(E.people[0].key, 'p0001');
  for (const u of E.auth0.users) {
    assert.match(u.user_id, /^auth0\|[0-9a-f]{24}$/);
    assert.equal(u.identities[0].user_id, u.user_id.slice(6));
  }
  for (const r of E.auth0.roles) assert.match(r.id, /^rol_[A-Za-z0-9]{16}$/);
  for (const u of E.entra.users) {
    assert.match(u.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(u.userPrincipalName, /@contoso\.onmicrosoft\.com$/);
  }
  for (const p of E.people) assert.equal(p.email, p.email.toLowerCase());
  assert.deepEqual(GT.counts, estateCounts(E));
  const tmpl = Object.fromEntries(
    E.entra.directoryRoles.map((r) => [r.displayName, r.roleTemplateId]),
  );
  assert.equal(tmpl['Global Administrator'], '62e90394-69f5-4237-9190-012177145e10');
  assert.equal(tmpl['Privileged Role Administrator'], 'e8611ab8-c189-46e8-94e1-60213ab1f814');
});

test('percentages roughly hold', () => {
  const a = new Set(E.auth0.users.map((u) => u.personKey).filter(Boolean));
  const e = new Set(E.entra.users.map((u) => u.personKey).filter(Boolean));
  const both = E.people.filter((p) => a.has(p.key) && e.has(p.key)).length / 500;
  const aOnly = E.people.filter((p) => a.has(p.key) && !e.has(p.key)).length / 500;
  const eOnly = E.people.filter((p) => !a.has(p.key) && e.has(p.key)).length / 500;
  assert.ok(both > 0.48 && both < 0.62, `both ${both}`);
  assert.ok(aOnly > 0.19 && aOnly < 0.31, `auth0 only ${aOnly}`);
  assert.ok(eOnly > 0.14 && eOnly < 0.26, `entra only ${eOnly}`);
  assert.equal(GT.counts.linkedPeople, E.people.filter((p) => a.has(p.key) && e.has(p.key)).length);
  assert.ok(GT.counts.auth0Roles >= 7 && GT.counts.auth0Roles <= 10);
  const priv = E.auth0.roles.filter((r) => r.privileged).length;
  assert.ok(priv >= 2 && priv <= 3);
  assert.ok(GT.counts.entraGroups >= 25 && GT.counts.entraGroups <= 40);
  assert.ok(
    GT.counts.entraMemberships > 1500 && GT.counts.entraMemberships < 2600,
    `${GT.counts.entraMemberships}`,
  );
  const perUser = countBy(E.auth0.userRoles, (r) => r.user_id);
  assert.ok(Math.max(...perUser.values()) <= 3);
  const mfa = new Map(E.entra.mfaRegistration.map((r) => [r.id, r]));
  const admins = [...new Set(E.entra.roleMembers.map((r) => r.userId))];
  assert.ok(
    admins.some((id) => mfa.get(id).isMfaRegistered) &&
      admins.some((id) => !mfa.get(id).isMfaRegistered),
  );
  assert.ok(E.auth0.users.filter((u) => u.personKey === null).length >= 3);
  assert.ok(E.entra.users.filter((u) => u.personKey === null).length >= 3);
});

test('every reference exists; ids unique', () => {
  const a0 = new Set(E.auth0.users.map((u) => u.user_id));
  const en = new Set(E.entra.users.map((u) => u.id));
  const people = new Set(E.people.map((p) => p.key));
  assert.equal(a0.size, E.auth0.users.length);
  assert.equal(en.size, E.entra.users.length);
  const roles = new Set(E.auth0.roles.map((r) => r.id));
  const groups = new Set(E.entra.groups.map((g) => g.id));
  const dir = new Set(E.entra.directoryRoles.map((r) => r.id));
  for (const u of [...E.auth0.users, ...E.entra.users])
    if (u.personKey) assert.ok(people.has(u.personKey));
  for (const ur of E.auth0.userRoles) {
    assert.ok(a0.has(ur.user_id));
    assert.ok(roles.has(ur.role_id));
  }
  assert.equal(
    new Set(E.auth0.userRoles.map((r) => `${r.user_id} ${r.role_id}`)).size,
    E.auth0.userRoles.length,
  );
  for (const m of E.entra.memberships) {
    assert.ok(en.has(m.userId));
    assert.ok(groups.has(m.groupId));
  }
  for (const m of E.entra.roleMembers) {
    assert.ok(en.has(m.userId));
    assert.ok(dir.has(m.roleId));
  }
  for (const r of E.entra.mfaRegistration) assert.ok(en.has(r.id));
  assert.equal(E.entra.mfaRegistration.length, E.entra.users.length);
  for (const l of E.auth0.logs) if (l.user_id) assert.ok(a0.has(l.user_id), l.user_id);
  for (const s of E.entra.signIns) assert.ok(en.has(s.userId));
  const logIds = new Set(E.auth0.logs.map((l) => l.log_id));
  const signIds = new Set(E.entra.signIns.map((s) => s.id));
  assert.equal(logIds.size, E.auth0.logs.length);
  assert.equal(signIds.size, E.entra.signIns.length);
  for (const a of GT.anomalies) {
    for (const id of a.eventIds)
      assert.ok(a.idp === 'auth0' ? logIds.has(id) : signIds.has(id), `${a.kind} ${id}`);
    for (const id of a.userIds) assert.ok(a.idp === 'auth0' ? a0.has(id) : en.has(id));
  }
  for (const f of GT.findings) {
    if (f.kind === 'unused_privileged_role')
      assert.ok(f.idp === 'auth0' ? roles.has(f.accountId) : dir.has(f.accountId));
    else assert.ok(f.idp === 'auth0' ? a0.has(f.accountId) : en.has(f.accountId));
  }
});

test('logs sorted; log_id 24 digits increasing with date; last sign-in fields agree with the logs', () => {
  const L = E.auth0.logs;
  for (let i = 0; i < L.length; i++) {
    assert.match(L[i].log_id, /^\d{24}$/);
    if (i) {
      assert.ok(L[i - 1].log_id < L[i].log_id);
      assert.ok(L[i - 1].date <= L[i].date);
    }
  }
  const S = E.entra.signIns;
  for (let i = 1; i < S.length; i++) assert.ok(S[i - 1].createdDateTime <= S[i].createdDateTime);
  const asOf = GT.parameters.asOf;
  assert.ok(L.every((l) => l.date < asOf) && S.every((s) => s.createdDateTime < asOf));
  const lastA = new Map();
  for (const l of L) if (l.type === 's') lastA.set(l.user_id, l.date);
  for (const u of E.auth0.users)
    if (lastA.has(u.user_id)) assert.equal(u.last_login, lastA.get(u.user_id));
  const lastE = new Map();
  for (const s of S) if (s.status.errorCode === 0) lastE.set(s.userId, s.createdDateTime);
  for (const u of E.entra.users)
    if (lastE.has(u.id)) assert.equal(u.lastSignInDateTime, lastE.get(u.id));
  assert.ok(GT.counts.auth0SignIns === L.filter((l) => AUTH0_SIGNIN_TYPES.includes(l.type)).length);
  assert.ok(
    L.some((l) => l.type === 'gd_auth_succeed') &&
      L.some((l) => l.type === 'sapi') &&
      L.some((l) => l.type === 'fu'),
  );
});

test('every finding kind and anomaly kind present at least 3 times; findings agree with the definitions', () => {
  const fk = countBy(GT.findings, (f) => f.kind);
  for (const k of [
    'stale_account',
    'admin_without_mfa',
    'dormant_privileged',
    'leaver_drift',
    'unlinked_account',
    'unused_privileged_role',
  ]) {
    assert.ok((fk.get(k) || 0) >= 3, `${k}: ${fk.get(k)}`);
    assert.ok(GT.definitions[k]);
  }
  const ak = countBy(GT.anomalies, (a) => a.kind);
  for (const k of [
    'impossible_travel',
    'failure_burst',
    'password_spray',
    'dormant_admin_reactivation',
    'new_country',
  ]) {
    assert.ok((ak.get(k) || 0) >= 3, `${k}: ${ak.get(k)}`);
    assert.ok(
      GT.anomalies.some((a) => a.kind === k && a.idp === 'auth0') &&
        GT.anomalies.some((a) => a.kind === k && a.idp === 'entra'),
      k,
    );
  }
  assert.deepEqual(computeFindings(JSON.parse(JSON.stringify(E))), GT.findings);
  // unlinked accounts are exactly the accounts of no person
  const unlinked = new Set(
    GT.findings.filter((f) => f.kind === 'unlinked_account').map((f) => f.accountId),
  );
  const noPerson = [
    ...E.auth0.users.filter((u) => !u.personKey).map((u) => u.user_id),
    ...E.entra.users.filter((u) => !u.personKey).map((u) => u.id),
  ];
  assert.deepEqual([...unlinked].sort(), noPerson.sort());
  assert.deepEqual(GT.parameters, {
    staleDays: 90,
    dormantPrivilegedDays: 30,
    unusedPrivilegedRoleDays: 90,
    asOf: '2026-11-30T00:00:00.000Z',
    signInDays: 30,
    seed: 7,
    people: 500,
  });
});

test('no person is linked through an unverified e-mail; unverified look-alikes exist', () => {
  for (const u of E.auth0.users) if (u.personKey) assert.equal(u.email_verified, true);
  for (const u of E.auth0.users) if (!u.email_verified) assert.equal(u.personKey, null);
  const entraMail = new Map(E.entra.users.filter((u) => u.mail).map((u) => [u.mail, u]));
  const lookAlikes = E.auth0.users.filter((u) => !u.email_verified && entraMail.has(u.email));
  assert.ok(lookAlikes.length >= 3);
  for (const u of E.auth0.users.filter((x) => x.personKey)) {
    const p = E.people.find((pp) => pp.key === u.personKey);
    assert.equal(u.email, p.email);
  }
  assert.equal(GT.unverifiedEmailAccounts.length, lookAlikes.length);
});

// Reference detectors over the logs: the labelled anomalies must be exactly what the written definitions find.
function events(estate) {
  const byIp = (ip) => {
    const n = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    for (const c of COUNTRIES)
      for (const [cidr] of c.prefixes) {
        const [b, bits] = cidr.split('/');
        const base = b.split('.').reduce((a, o) => a * 256 + Number(o), 0);
        if (n >= base && n < base + 2 ** (32 - bits)) return c;
      }
    throw new Error(`ip ${ip} in no table prefix`);
  };
  const out = [];
  for (const l of estate.auth0.logs) {
    if (!AUTH0_SIGNIN_TYPES.includes(l.type)) continue;
    const c = byIp(l.ip);
    out.push({
      idp: 'auth0',
      id: l.log_id,
      user: l.user_id || `?${l.user_name}`,
      t: Date.parse(l.date),
      ok: l.type === 's',
      ip: l.ip,
      country: c.code,
      lat: c.cities[0][2],
      lon: c.cities[0][3],
    });
  }
  for (const s of estate.entra.signIns) {
    out.push({
      idp: 'entra',
      id: s.id,
      user: s.userId,
      t: Date.parse(s.createdDateTime),
      ok: s.status.errorCode === 0,
      fail: [50126, 50053].includes(s.status.errorCode),
      ip: s.ipAddress,
      country: s.location.countryOrRegion,
      lat: s.location.geoCoordinates.latitude,
      lon: s.location.geoCoordinates.longitude,
    });
  }
  for (const e of out) if (e.idp === 'auth0') e.fail = !e.ok;
  return out;
}

test('labelled anomalies match reference detectors run over the logs', () => {
  checkAnomalies(E);
});

test('other seeds and sizes: every kind present, anomalies match the detectors', () => {
  for (const [seed, people] of [
    [1, 200],
    [2, 300],
    [3, 1000],
    [11, 500],
  ]) {
    const e = identityEstate({ seed, people });
    const kinds = countBy([...e.groundTruth.findings, ...e.groundTruth.anomalies], (f) => f.kind);
    assert.equal(kinds.size, 11, `seed ${seed}`);
    for (const [k, n] of kinds) assert.ok(n >= 3, `seed ${seed} ${k} ${n}`);
    checkAnomalies(e);
  }
});

function checkAnomalies(E) {
  const GT = E.groundTruth;
  const ev = events(E);
  const byUser = new Map();
  for (const e of ev) {
    const k = `${e.idp} ${e.user}`;
    if (!byUser.has(k)) byUser.set(k, []);
    byUser.get(k).push(e);
  }
  const detected = {
    impossible_travel: new Set(),
    failure_burst: new Set(),
    password_spray: new Set(),
    new_country: new Set(),
    dormant_admin_reactivation: new Set(),
  };
  const windowStart = Date.parse(GT.parameters.asOf) - GT.parameters.signInDays * DAY;
  const privA = new Set(E.auth0.roles.filter((r) => r.privileged).map((r) => r.id));
  const admins = new Set([
    ...E.auth0.userRoles.filter((r) => privA.has(r.role_id)).map((r) => `auth0 ${r.user_id}`),
    ...E.entra.roleMembers.map((r) => `entra ${r.userId}`),
  ]);
  for (const [k, list] of byUser) {
    list.sort((a, b) => a.t - b.t);
    const ok = list.filter((e) => e.ok);
    // Impossible travel uses coordinates of the country's first city for Auth0 (IP only) and the location for Entra;
    // compare countries' reference cities for both so that the check is IdP-independent.
    const ref = (code) => COUNTRIES.find((c) => c.code === code).cities[0];
    for (let i = 1; i < ok.length; i++) {
      const a = ok[i - 1];
      const b = ok[i];
      if (
        b.t - a.t <= 3_600_000 &&
        a.country !== b.country &&
        distanceKm(ref(a.country)[2], ref(a.country)[3], ref(b.country)[2], ref(b.country)[3]) >
          5000
      )
        detected.impossible_travel.add(`${k} ${b.id}`);
    }
    const seen = new Set();
    ok.forEach((e, i) => {
      if (i >= 5 && !seen.has(e.country)) detected.new_country.add(`${k} ${e.id}`);
      seen.add(e.country);
    });
    const fails = list.filter((e) => e.fail);
    for (let i = 0; i + 9 < fails.length; i++)
      if (fails[i + 9].t - fails[i].t <= 600_000) detected.failure_burst.add(k);
    if (admins.has(k)) {
      ok.forEach((e, i) => {
        const prev = i ? ok[i - 1].t : windowStart;
        if (e.t - prev >= 25 * DAY) detected.dormant_admin_reactivation.add(`${k} ${e.id}`);
      });
    }
  }
  const byIp = new Map();
  for (const e of ev)
    if (e.fail) {
      const k = `${e.idp} ${e.ip}`;
      if (!byIp.has(k)) byIp.set(k, []);
      byIp.get(k).push(e);
    }
  for (const [k, list] of byIp) {
    list.sort((a, b) => a.t - b.t);
    for (let i = 0; i < list.length; i++) {
      const users = new Set(
        list
          .filter(
            (e) => e.t >= list[i].t && e.t - list[i].t <= 3_600_000 && !e.user.startsWith('?'),
          )
          .map((e) => e.user),
      );
      if (users.size >= 20) detected.password_spray.add(k);
    }
  }
  const labelled = {
    impossible_travel: new Set(),
    failure_burst: new Set(),
    password_spray: new Set(),
    new_country: new Set(),
    dormant_admin_reactivation: new Set(),
  };
  for (const a of GT.anomalies) {
    if (a.kind === 'impossible_travel')
      labelled[a.kind].add(`${a.idp} ${a.userIds[0]} ${a.eventIds[1]}`);
    if (a.kind === 'new_country' || a.kind === 'dormant_admin_reactivation')
      labelled[a.kind].add(`${a.idp} ${a.userIds[0]} ${a.eventIds[0]}`);
    if (a.kind === 'failure_burst') labelled[a.kind].add(`${a.idp} ${a.userIds[0]}`);
    if (a.kind === 'password_spray') labelled[a.kind].add(`${a.idp} ${a.ip}`);
  }
  for (const kind of Object.keys(labelled))
    assert.deepEqual([...detected[kind]].sort(), [...labelled[kind]].sort(), kind);
}

test('50,000 people without sign-ins completes', () => {
  const big = identityEstate({ people: 50000, signInDays: 0 });
  const c = big.groundTruth.counts;
  assert.equal(c.people, 50000);
  assert.ok(c.auth0Users > 35000 && c.entraUsers > 30000 && c.linkedPeople > 25000);
  assert.equal(c.auth0Logs, 0);
  assert.equal(c.entraSignIns, 0);
  assert.equal(new Set(big.people.map((p) => p.email)).size, 50000);
  assert.equal(big.people[0].key, 'p00001');
});

test('CLI writes estate.json and ground-truth.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'estate-'));
  try {
    execFileSync(
      process.execPath,
      [join(HERE, 'estate.mjs'), '--out', dir, '--people', '60', '--seed', '3'],
      { stdio: 'pipe' },
    );
    const estate = JSON.parse(readFileSync(join(dir, 'estate.json'), 'utf8'));
    const gt = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8'));
    assert.equal(estate.people.length, 60);
    assert.deepEqual(gt, estate.groundTruth);
    assert.equal(hash(estate), hash(identityEstate({ people: 60, seed: 3 })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('other options: any now, short windows, tiny estates', () => {
  const now = Date.parse('2025-03-15T12:34:56Z');
  const e = identityEstate({ now, signInDays: 3, people: 20, seed: 1 });
  assert.equal(e.groundTruth.parameters.asOf, '2025-03-15T12:34:56.000Z');
  assert.ok(
    e.entra.signIns.every(
      (s) => Date.parse(s.createdDateTime) >= now - 3 * DAY && Date.parse(s.createdDateTime) < now,
    ),
  );
  assert.deepEqual(identityEstate({ people: 0 }).people, []);
});
