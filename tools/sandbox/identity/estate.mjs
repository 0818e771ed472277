// Deterministic identity estate shared by the Auth0 and Microsoft Graph sandboxes.
// Plain Node ESM, no dependencies. See README.md next to this file.
//
//   import { identityEstate, estateCounts } from './estate.mjs';
//   const estate = identityEstate({ seed: 7, people: 500, now: Date.parse('2026-11-30T00:00:00Z'), signInDays: 30 });
//
//   node tools/sandbox/identity/estate.mjs --out <dir> [--people N] [--seed S] [--days D] [--now ISO]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { mulberry32 } from '../rng.mjs';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const DEFAULT_NOW = Date.parse('2026-11-30T00:00:00Z');
export const TENANT = Object.freeze({
  auth0Domain: 'acme-sandbox',
  entraTenantId: '72f988bf-0000-4000-8000-00000000c0de',
});
export const EMAIL_DOMAIN = 'acme.example';
export const UPN_DOMAIN = 'contoso.onmicrosoft.com';
export const PARAMETERS = Object.freeze({
  staleDays: 90,
  dormantPrivilegedDays: 30,
  unusedPrivilegedRoleDays: 90,
});

/** Auth0 log event types that are sign-in attempts (success or failure). */
export const AUTH0_SIGNIN_TYPES = Object.freeze(['s', 'f', 'fp', 'fu']);
export const AUTH0_FAILED_SIGNIN_TYPES = Object.freeze(['f', 'fp', 'fu']);

export const DEFINITIONS = Object.freeze({
  stale_account:
    'An enabled account (Auth0 blocked=false; Entra accountEnabled=true) created more than staleDays before asOf whose last successful sign-in (Auth0 last_login; Entra lastSignInDateTime) is null or more than staleDays before asOf.',
  admin_without_mfa:
    'Entra: an enabled user (accountEnabled=true) who is a member of any directory role and whose mfaRegistration entry has isMfaRegistered=false. Auth0: a non-blocked user holding a role with privileged=true who has no log event of type gd_auth_succeed in auth0.logs.',
  dormant_privileged:
    'An enabled account holding a privileged role (Auth0: a role with privileged=true; Entra: any directory role) whose last successful sign-in (last_login / lastSignInDateTime) is null or more than dormantPrivilegedDays before asOf.',
  leaver_drift:
    'A person with leftAt non-null who has accounts (matched by personKey) in both IdPs, at least one disabled (Auth0 blocked=true / Entra accountEnabled=false) and at least one still enabled; one finding per still-enabled account of that person.',
  unlinked_account:
    "An account that cannot be linked to a person by verified e-mail: an Auth0 user with email_verified=false, or an Entra user with mail=null. In this estate these are exactly the accounts with personKey=null (service/test accounts, and Auth0 accounts whose unverified e-mail equals an Entra user's mail).",
  unused_privileged_role:
    'A privileged role (Auth0 role with privileged=true; any Entra directory role) with at least one holder (userRoles / roleMembers, disabled holders included) where no holder has a last successful sign-in (last_login / lastSignInDateTime) within unusedPrivilegedRoleDays before asOf; accountId is the role id.',
});

export const ANOMALY_DEFINITIONS = Object.freeze({
  impossible_travel:
    'Two successful sign-ins of one account from countries more than 5000 km apart within one hour (eventIds: the home sign-in, then the far one).',
  failure_burst:
    'At least 10 failed sign-ins of one account within 10 minutes (Auth0 fp / Entra errorCode 50126 then 50053).',
  password_spray:
    'One IP address failing sign-ins against at least 20 different accounts within one hour.',
  dormant_admin_reactivation:
    'A privileged account (privileged Auth0 role / Entra directory role) with no successful sign-in for at least 25 days signs in successfully; from = previous successful sign-in, to = the reactivating sign-in.',
  new_country:
    'A successful sign-in of an account from a country none of its earlier successful sign-ins in the log window came from, after at least 5 earlier successful sign-ins. The far sign-in of every impossible_travel pair is also labelled new_country.',
});

// ---------------------------------------------------------------- PRNG

function makeRng(seed, stream) {
  const r = mulberry32((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream, 0x85ebca77)) >>> 0);
  const HEX = '0123456789abcdef';
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const rng = {
    next: r,
    int: (a, b) => a + Math.floor(r() * (b - a + 1)),
    pick: (arr) => arr[Math.floor(r() * arr.length)],
    chance: (p) => r() < p,
    str(n, chars) {
      let s = '';
      for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
      return s;
    },
    hex: (n) => rng.str(n, HEX),
    alnum: (n) => rng.str(n, ALNUM),
    guid() {
      const h = rng.hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(r() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    weighted(items) {
      let total = 0;
      for (const it of items) total += it.weight;
      let x = r() * total;
      for (const it of items) {
        x -= it.weight;
        if (x < 0) return it;
      }
      return items[items.length - 1];
    },
    sample(arr, k) {
      // k distinct elements, deterministic
      const a = arr.slice();
      const out = [];
      for (let i = 0; i < k && a.length; i++) {
        const j = Math.floor(r() * a.length);
        out.push(a[j]);
        a[j] = a[a.length - 1];
        a.pop();
      }
      return out;
    },
  };
  return rng;
}

// ---------------------------------------------------------------- reference tables

// Public IPv4 blocks of large national ISPs (stable, well-known allocations). The product geolocates IPs
// with its own offline database; these only need to be plausibly in the country.
export const COUNTRIES = Object.freeze([
  {
    code: 'US',
    name: 'United States',
    tz: -6,
    weight: 30,
    prefixes: [
      ['73.0.0.0/8', 'Comcast Cable'],
      ['98.192.0.0/10', 'Comcast Cable'],
    ],
    cities: [
      ['New York', 'New York', 40.7128, -74.006],
      ['Seattle', 'Washington', 47.6062, -122.3321],
      ['Austin', 'Texas', 30.2672, -97.7431],
      ['Chicago', 'Illinois', 41.8781, -87.6298],
      ['San Francisco', 'California', 37.7749, -122.4194],
    ],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    tz: 0,
    weight: 12,
    prefixes: [
      ['86.128.0.0/10', 'BT Public Internet Service'],
      ['2.96.0.0/13', 'Sky Broadband'],
    ],
    cities: [
      ['London', 'England', 51.5074, -0.1278],
      ['Manchester', 'England', 53.4808, -2.2426],
      ['Edinburgh', 'Scotland', 55.9533, -3.1883],
    ],
  },
  {
    code: 'DE',
    name: 'Germany',
    tz: 1,
    weight: 12,
    prefixes: [
      ['79.192.0.0/10', 'Deutsche Telekom'],
      ['91.0.0.0/10', 'Deutsche Telekom'],
    ],
    cities: [
      ['Berlin', 'Berlin', 52.52, 13.405],
      ['Munich', 'Bavaria', 48.1351, 11.582],
      ['Hamburg', 'Hamburg', 53.5511, 9.9937],
    ],
  },
  {
    code: 'FR',
    name: 'France',
    tz: 1,
    weight: 8,
    prefixes: [
      ['90.16.0.0/12', 'Orange France'],
      ['2.8.0.0/13', 'Orange France'],
    ],
    cities: [
      ['Paris', 'Ile-de-France', 48.8566, 2.3522],
      ['Lyon', 'Auvergne-Rhone-Alpes', 45.764, 4.8357],
    ],
  },
  {
    code: 'ES',
    name: 'Spain',
    tz: 1,
    weight: 5,
    prefixes: [
      ['83.32.0.0/11', 'Telefonica de Espana'],
      ['88.0.0.0/11', 'Telefonica de Espana'],
    ],
    cities: [
      ['Madrid', 'Madrid', 40.4168, -3.7038],
      ['Barcelona', 'Catalonia', 41.3874, 2.1686],
    ],
  },
  {
    code: 'PL',
    name: 'Poland',
    tz: 1,
    weight: 5,
    prefixes: [
      ['83.0.0.0/11', 'Orange Polska'],
      ['79.184.0.0/13', 'Orange Polska'],
    ],
    cities: [
      ['Warsaw', 'Masovia', 52.2297, 21.0122],
      ['Krakow', 'Lesser Poland', 50.0647, 19.945],
    ],
  },
  {
    code: 'IN',
    name: 'India',
    tz: 5.5,
    weight: 10,
    prefixes: [
      ['117.192.0.0/10', 'BSNL'],
      ['49.32.0.0/12', 'Reliance Jio'],
    ],
    cities: [
      ['Bengaluru', 'Karnataka', 12.9716, 77.5946],
      ['Mumbai', 'Maharashtra', 19.076, 72.8777],
      ['Pune', 'Maharashtra', 18.5204, 73.8567],
    ],
  },
  {
    code: 'AU',
    name: 'Australia',
    tz: 10,
    weight: 6,
    prefixes: [
      ['1.128.0.0/11', 'Telstra'],
      ['101.176.0.0/12', 'Telstra'],
    ],
    cities: [
      ['Sydney', 'New South Wales', -33.8688, 151.2093],
      ['Melbourne', 'Victoria', -37.8136, 144.9631],
    ],
  },
  {
    code: 'CA',
    name: 'Canada',
    tz: -5,
    weight: 6,
    prefixes: [
      ['99.224.0.0/11', 'Rogers Communications'],
      ['174.112.0.0/13', 'Rogers Communications'],
    ],
    cities: [
      ['Toronto', 'Ontario', 43.6532, -79.3832],
      ['Vancouver', 'British Columbia', 49.2827, -123.1207],
      ['Montreal', 'Quebec', 45.5017, -73.5673],
    ],
  },
  {
    code: 'JP',
    name: 'Japan',
    tz: 9,
    weight: 4,
    prefixes: [
      ['126.64.0.0/10', 'SoftBank'],
      ['153.128.0.0/10', 'NTT Communications (OCN)'],
    ],
    cities: [
      ['Tokyo', 'Tokyo', 35.6762, 139.6503],
      ['Osaka', 'Osaka', 34.6937, 135.5023],
    ],
  },
  {
    code: 'BR',
    name: 'Brazil',
    tz: -3,
    weight: 2,
    prefixes: [
      ['187.16.0.0/12', 'Brazilian ISPs (LACNIC)'],
      ['189.16.0.0/13', 'Brazilian ISPs (LACNIC)'],
    ],
    cities: [
      ['Sao Paulo', 'Sao Paulo', -23.5505, -46.6333],
      ['Rio de Janeiro', 'Rio de Janeiro', -22.9068, -43.1729],
    ],
  },
  // Countries nobody lives in; used by attackers (password spray) only.
  {
    code: 'NG',
    name: 'Nigeria',
    tz: 1,
    weight: 0,
    prefixes: [['197.210.0.0/16', 'MTN Nigeria']],
    cities: [['Lagos', 'Lagos', 6.5244, 3.3792]],
  },
  {
    code: 'VN',
    name: 'Vietnam',
    tz: 7,
    weight: 0,
    prefixes: [['113.160.0.0/11', 'VNPT']],
    cities: [['Hanoi', 'Hanoi', 21.0278, 105.8342]],
  },
  {
    code: 'RU',
    name: 'Russia',
    tz: 3,
    weight: 0,
    prefixes: [['95.24.0.0/13', 'PJSC VimpelCom (Beeline)']],
    cities: [['Moscow', 'Moscow', 55.7558, 37.6173]],
  },
]);
const HOME_COUNTRIES = COUNTRIES.filter((c) => c.weight > 0);
const ATTACKER_COUNTRIES = COUNTRIES.filter((c) => c.weight === 0);
const COUNTRY = Object.fromEntries(COUNTRIES.map((c) => [c.code, c]));

function parseCidr(cidr) {
  const [ip, bits] = cidr.split('/');
  const base = ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  return { base, size: 2 ** (32 - Number(bits)) };
}
const PREFIX_CACHE = new Map();
function randomIp(rng, country) {
  const [cidr] = rng.pick(country.prefixes);
  let p = PREFIX_CACHE.get(cidr);
  if (!p) PREFIX_CACHE.set(cidr, (p = parseCidr(cidr)));
  let n;
  do {
    n = p.base + Math.floor(rng.next() * p.size);
  } while ((n & 255) === 0 || (n & 255) === 255);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function distanceKm(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

const GIVEN = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Nancy',
  'Matthew',
  'Lisa',
  'Anthony',
  'Sandra',
  'Mark',
  'Ashley',
  'Paul',
  'Emily',
  'Steven',
  'Michelle',
  'Andrew',
  'Laura',
  'Priya',
  'Arjun',
  'Ananya',
  'Rahul',
  'Yuki',
  'Haruto',
  'Sakura',
  'Lukas',
  'Lena',
  'Jonas',
  'Sophie',
  'Hugo',
  'Chloe',
  'Lucia',
  'Mateo',
  'Olivia',
  'Noah',
  'Zofia',
  'Jakub',
  'Aisha',
  'Omar',
  'Wei',
  'Mei',
  'Camila',
  'Rafael',
  'Isla',
];
const SURNAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Patel',
  'Sharma',
  'Iyer',
  'Gupta',
  'Tanaka',
  'Suzuki',
  'Sato',
  'Muller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Dubois',
  'Lefevre',
  'Moreau',
  'Fernandez',
  'Lopez',
  'Sanchez',
  'Nowak',
  'Kowalski',
  'Wisniewski',
  'OBrien',
  'Murphy',
  'Kelly',
  'Chen',
  'Wang',
  'Nguyen',
  'Silva',
  'Santos',
  'Costa',
  'Campbell',
];
const DEPARTMENTS = {
  Engineering: [
    'Software Engineer',
    'Senior Software Engineer',
    'Staff Engineer',
    'Engineering Manager',
    'QA Engineer',
  ],
  Product: ['Product Manager', 'Senior Product Manager', 'Product Designer'],
  Sales: ['Account Executive', 'Sales Development Rep', 'Sales Manager', 'Solutions Engineer'],
  Marketing: ['Marketing Manager', 'Content Strategist', 'Growth Analyst'],
  Finance: ['Financial Analyst', 'Controller', 'Accountant'],
  'Human Resources': ['HR Business Partner', 'Recruiter', 'People Operations Specialist'],
  Legal: ['Counsel', 'Paralegal'],
  Support: ['Support Engineer', 'Customer Success Manager', 'Support Team Lead'],
  IT: ['IT Administrator', 'Systems Engineer', 'Security Engineer', 'Helpdesk Technician'],
  Operations: ['Operations Manager', 'Business Analyst', 'Office Manager'],
};
const DEPT_NAMES = Object.keys(DEPARTMENTS);
const DEPT_WEIGHTS = {
  Engineering: 30,
  Product: 6,
  Sales: 15,
  Marketing: 7,
  Finance: 6,
  'Human Resources': 5,
  Legal: 3,
  Support: 12,
  IT: 8,
  Operations: 8,
};

const AUTH0_ROLES = [
  ['Tenant Admin', 'Full administrative access to the Acme tenant', true],
  ['Billing Admin', 'Manages subscriptions, invoices and payment methods', true],
  ['User Manager', 'Creates, blocks and deletes customer users', true],
  ['Support Agent', 'Reads customer accounts and resets MFA on request', false],
  ['Viewer', 'Read-only access to the portal', false],
  ['Editor', 'Edits content in the portal', false],
  ['Analyst', 'Reads reports and exports', false],
  ['Developer', 'Manages API clients in the sandbox environment', false],
];

export const ENTRA_DIRECTORY_ROLES = Object.freeze([
  ['Global Administrator', '62e90394-69f5-4237-9190-012177145e10'],
  ['User Administrator', 'fe930be7-5e62-47db-91af-98c3a49a38b1'],
  ['Security Administrator', '194ae4cb-b126-40b2-bd5b-6091b380977d'],
  ['Privileged Role Administrator', 'e8611ab8-c189-46e8-94e1-60213ab1f814'],
  ['Helpdesk Administrator', '729827e3-9c14-49f7-bb1b-9608f156bbb8'],
  ['Billing Administrator', 'b0f54661-2d74-4c50-afa3-1ec803f12efe'],
]);

const ENTRA_APPS = [
  ['Microsoft Teams', '1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Mobile Apps and Desktop clients'],
  ['Office 365 Exchange Online', '00000002-0000-0ff1-ce00-000000000000', 'Browser'],
  ['Office365 Shell WCSS-Client', '89bee1f7-5e6e-4d8a-9f3d-ecd601259da7', 'Browser'],
  ['Microsoft Office', 'd3590ed6-52b3-4102-aeff-aad2292ab01c', 'Mobile Apps and Desktop clients'],
  ['Azure Portal', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Browser'],
];

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
];
const MOBILE_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
];

const ENTRA_ERRORS = {
  50126: 'Error validating credentials due to invalid username or password.',
  50053:
    'Account is locked because user tried to sign in too many times with an incorrect user ID or password.',
  50074: 'Strong Authentication is required.',
};

const iso = (ms) => (ms == null ? null : new Date(ms).toISOString());

// ---------------------------------------------------------------- generator

export function identityEstate({
  seed = 7,
  people = 500,
  now = DEFAULT_NOW,
  signInDays = 30,
} = {}) {
  if (typeof now === 'string') now = Date.parse(now);
  if (now instanceof Date) now = now.getTime();
  const nPeople = Math.max(0, Math.floor(people));
  const days = Math.max(0, Math.floor(signInDays));
  const scale = Math.max(1, Math.round(Math.sqrt(nPeople / 500)));
  const windowStart = now - days * DAY;

  const rP = makeRng(seed, 1); // people
  const rA = makeRng(seed, 2); // accounts
  const rR = makeRng(seed, 3); // roles/groups
  const rL = makeRng(seed, 4); // logs
  const rX = makeRng(seed, 5); // anomalies

  // ---- people
  const width = Math.max(4, String(nPeople).length);
  const usedLocals = new Map();
  const outPeople = [];
  const meta = []; // parallel internal info
  const deptItems = DEPT_NAMES.map((d) => ({ d, weight: DEPT_WEIGHTS[d] }));
  for (let i = 0; i < nPeople; i++) {
    const givenName = rP.pick(GIVEN);
    const surname = rP.pick(SURNAMES);
    let local = `${givenName}.${surname}`.toLowerCase();
    const seen = usedLocals.get(local) || 0;
    usedLocals.set(local, seen + 1);
    if (seen) local = `${local}${seen + 1}`;
    const country = rP.weighted(HOME_COUNTRIES);
    const city = rP.pick(country.cities);
    const department = rP.weighted(deptItems).d;
    const title = rP.pick(DEPARTMENTS[department]);
    const joinedMs = now - rP.int(20, 6 * 365) * DAY - rP.int(0, 86399) * 1000;
    let leftMs = null;
    if (rP.chance(0.06)) {
      const l = now - rP.int(35, 250) * DAY - rP.int(0, 86399) * 1000;
      if (l > joinedMs + 30 * DAY) leftMs = l;
    }
    const c = rP.next();
    const coverage = c < 0.55 ? 'both' : c < 0.8 ? 'auth0' : 'entra';
    const person = {
      key: `p${String(i + 1).padStart(width, '0')}`,
      givenName,
      surname,
      email: `${local}@${EMAIL_DOMAIN}`,
      country: country.code,
      city: city[0],
      department,
      title,
      joinedAt: iso(joinedMs),
      leftAt: iso(leftMs),
    };
    outPeople.push(person);
    meta.push({
      person,
      local,
      country,
      city,
      joinedMs,
      leftMs,
      coverage,
      homeIp: randomIp(rP, country),
      mobileIp: randomIp(rP, country),
      accounts: {},
    });
  }

  // ---- accounts (internal records wrap the output objects)
  const auth0Accounts = [];
  const entraAccounts = [];
  const accById = new Map();

  function profileFor(createdMs) {
    const r = rA.next();
    let p;
    if (r < 0.84) p = { kind: 'active' };
    else if (r < 0.89)
      p = { kind: 'recent', last: now - rA.int(31, 89) * DAY - rA.int(0, 86399) * 1000 };
    else if (r < 0.96)
      p = { kind: 'stale', last: now - rA.int(91, 540) * DAY - rA.int(0, 86399) * 1000 };
    else p = { kind: 'never', last: null };
    if (p.last != null && p.last < createdMs + DAY) p = { kind: 'never', last: null };
    return p;
  }

  function newAuth0(
    m,
    { email, verified, personKey, createdMs, given, family, country, city, homeIp, mobileIp },
  ) {
    const hex = rA.hex(24);
    const user = {
      user_id: `auth0|${hex}`,
      email,
      email_verified: verified,
      name: `${given} ${family}`,
      given_name: given,
      family_name: family,
      blocked: false,
      created_at: iso(createdMs),
      updated_at: iso(createdMs),
      last_login: null,
      last_ip: null,
      logins_count: 0,
      app_metadata: { department: m ? m.person.department : 'Service' },
      identities: [
        {
          provider: 'auth0',
          user_id: hex,
          connection: 'Username-Password-Authentication',
          isSocial: false,
        },
      ],
      personKey,
    };
    const acc = {
      idp: 'auth0',
      id: user.user_id,
      user,
      meta: m,
      createdMs,
      country,
      city,
      homeIp,
      mobileIp,
      mfa: rA.chance(0.3),
      privileged: false,
      profile: null,
      disabledMs: null,
    };
    auth0Accounts.push(acc);
    accById.set(acc.id, acc);
    return acc;
  }
  function newEntra(
    m,
    {
      upnLocal,
      mail,
      personKey,
      createdMs,
      given,
      family,
      display,
      department,
      jobTitle,
      country,
      city,
      homeIp,
      mobileIp,
    },
  ) {
    const user = {
      id: rA.guid(),
      displayName: display || `${given} ${family}`,
      givenName: given,
      surname: family,
      userPrincipalName: `${upnLocal}@${UPN_DOMAIN}`,
      mail,
      accountEnabled: true,
      createdDateTime: iso(createdMs),
      department,
      jobTitle,
      usageLocation: country.code,
      personKey,
      lastSignInDateTime: null,
    };
    const acc = {
      idp: 'entra',
      id: user.id,
      user,
      meta: m,
      createdMs,
      country,
      city,
      homeIp,
      mobileIp,
      mfa: rA.chance(0.85),
      privileged: false,
      profile: null,
      disabledMs: null,
    };
    entraAccounts.push(acc);
    accById.set(acc.id, acc);
    return acc;
  }

  for (const m of meta) {
    const p = m.person;
    const base = {
      given: p.givenName,
      family: p.surname,
      country: m.country,
      city: m.city,
      homeIp: m.homeIp,
      mobileIp: m.mobileIp,
    };
    if (m.coverage !== 'entra') {
      m.accounts.auth0 = newAuth0(m, {
        ...base,
        email: p.email,
        verified: true,
        personKey: p.key,
        createdMs: m.joinedMs + rA.int(0, 3 * 86400) * 1000,
      });
    }
    if (m.coverage !== 'auth0') {
      m.accounts.entra = newEntra(m, {
        ...base,
        upnLocal: m.local,
        mail: p.email,
        personKey: p.key,
        createdMs: m.joinedMs - rA.int(1, 5 * 86400) * 1000,
        department: p.department,
        jobTitle: p.title,
      });
    }
    for (const acc of Object.values(m.accounts)) {
      if (m.leftMs != null)
        acc.profile = {
          kind: 'left',
          last: Math.max(acc.createdMs + HOUR, m.leftMs - rA.int(0, 3 * 86400) * 1000),
        };
      else acc.profile = profileFor(acc.createdMs);
    }
    // Leavers: offboarding done in both, in one only (drift), or not at all.
    if (m.leftMs != null) {
      const accs = Object.values(m.accounts);
      const disable = (acc) => {
        acc.disabledMs = m.leftMs + rA.int(0, 2 * 86400) * 1000;
      };
      if (accs.length === 2) {
        if (rA.chance(0.5)) accs.forEach(disable);
        else disable(rA.pick(accs));
      } else if (rA.chance(0.8)) accs.forEach(disable);
    }
  }

  // Make sure there are always some leaver-drift cases (≥ 3, ~1.5 % of people): more leavers, offboarded in one IdP only.
  {
    const isDrift = (m) =>
      m.leftMs != null &&
      m.accounts.auth0 &&
      m.accounts.entra &&
      (m.accounts.auth0.disabledMs == null) !== (m.accounts.entra.disabledMs == null);
    let drift = meta.filter(isDrift).length;
    const want = Math.max(3, Math.round(nPeople * 0.015));
    const cands = rA.sample(
      meta.filter((m) => m.coverage === 'both' && m.leftMs == null && m.joinedMs < now - 300 * DAY),
      nPeople,
    );
    for (const m of cands) {
      if (drift >= want) break;
      m.leftMs = now - rA.int(35, 250) * DAY - rA.int(0, 86399) * 1000;
      m.person.leftAt = iso(m.leftMs);
      for (const acc of Object.values(m.accounts))
        acc.profile = {
          kind: 'left',
          last: Math.max(acc.createdMs + HOUR, m.leftMs - rA.int(0, 3 * 86400) * 1000),
        };
      rA.pick(Object.values(m.accounts)).disabledMs = m.leftMs + rA.int(0, 2 * 86400) * 1000;
      drift++;
    }
  }

  // Accounts of no person: Auth0 test/service accounts (unverified e-mail), Entra service and break-glass accounts (no mail).
  const nSvc = Math.max(4, Math.round(nPeople * 0.01));
  const us = COUNTRY.US;
  const usCity = us.cities[0];
  const svcBase = { country: us, city: usCity };
  const auth0SvcNames = [
    'ci-bot',
    'qa.test',
    'loadtest',
    'integration-svc',
    'demo.user',
    'e2e-runner',
  ];
  for (let i = 0; i < nSvc; i++) {
    const name = `${auth0SvcNames[i % auth0SvcNames.length]}${String(Math.floor(i / auth0SvcNames.length) + 1).padStart(2, '0')}`;
    const createdMs = now - rA.int(100, 900) * DAY;
    const acc = newAuth0(null, {
      ...svcBase,
      homeIp: randomIp(rA, us),
      mobileIp: randomIp(rA, us),
      email: `${name}@${EMAIL_DOMAIN}`,
      verified: false,
      personKey: null,
      createdMs,
      given: name,
      family: 'Service',
    });
    acc.profile = rA.chance(0.4)
      ? { kind: 'active' }
      : rA.chance(0.5)
        ? { kind: 'stale', last: now - rA.int(91, 90 + 700) * DAY }
        : { kind: 'never', last: null };
    if (acc.profile.last != null && acc.profile.last < createdMs)
      acc.profile = { kind: 'never', last: null };
    acc.mfa = false;
  }
  // Unverified look-alikes: an Auth0 account with the e-mail of an Entra-only person, never verified.
  const entraOnly = meta.filter((m) => m.coverage === 'entra' && m.leftMs == null);
  const unverifiedEmailAccounts = [];
  for (const m of rA.sample(
    entraOnly,
    Math.min(entraOnly.length, Math.max(3, Math.round(nPeople * 0.01))),
  )) {
    const createdMs = now - rA.int(5, 200) * DAY;
    const acc = newAuth0(null, {
      given: m.person.givenName,
      family: m.person.surname,
      country: m.country,
      city: m.city,
      homeIp: randomIp(rA, m.country),
      mobileIp: randomIp(rA, m.country),
      email: m.person.email,
      verified: false,
      personKey: null,
      createdMs,
    });
    acc.user.app_metadata.department = m.person.department;
    acc.profile = { kind: 'never', last: null };
    acc.mfa = false;
    unverifiedEmailAccounts.push({
      user_id: acc.id,
      email: m.person.email,
      entraUserId: m.accounts.entra.id,
      personKey: m.person.key,
    });
  }
  const entraSvc = [];
  for (let i = 0; i < 2; i++) {
    // break-glass accounts: Global Administrators, never used, no MFA
    const acc = newEntra(null, {
      ...svcBase,
      homeIp: randomIp(rA, us),
      mobileIp: randomIp(rA, us),
      upnLocal: `breakglass0${i + 1}`,
      mail: null,
      personKey: null,
      createdMs: now - rA.int(400, 1500) * DAY,
      given: null,
      family: null,
      display: `Break Glass 0${i + 1}`,
      department: 'IT',
      jobTitle: null,
    });
    acc.profile = { kind: 'never', last: null };
    acc.mfa = false;
    entraSvc.push(acc);
  }
  const entraSvcNames = [
    'svc-backup',
    'svc-sharepoint-sync',
    'svc-scanner',
    'svc-printer',
    'test.user',
    'svc-hr-import',
  ];
  for (let i = 0; i < nSvc; i++) {
    const name = `${entraSvcNames[i % entraSvcNames.length]}${String(Math.floor(i / entraSvcNames.length) + 1).padStart(2, '0')}`;
    const createdMs = now - rA.int(100, 1500) * DAY;
    const acc = newEntra(null, {
      ...svcBase,
      homeIp: randomIp(rA, us),
      mobileIp: randomIp(rA, us),
      upnLocal: name,
      mail: null,
      personKey: null,
      createdMs,
      given: null,
      family: null,
      display: name,
      department: 'IT',
      jobTitle: 'Service Account',
    });
    acc.profile = rA.chance(0.5)
      ? { kind: 'active' }
      : rA.chance(0.6)
        ? { kind: 'stale', last: now - rA.int(91, 800) * DAY }
        : { kind: 'never', last: null };
    if (acc.profile.last != null && acc.profile.last < createdMs)
      acc.profile = { kind: 'never', last: null };
    acc.mfa = false;
    entraSvc.push(acc);
  }

  // ---- roles
  const isAssignable = (acc) => acc.meta && acc.meta.leftMs == null && acc.disabledMs == null;
  const forceProfile = (acc, profile) => {
    if (profile.last != null && profile.last < acc.createdMs + DAY) {
      acc.createdMs = profile.last - rA.int(30, 400) * DAY;
      syncCreated(acc);
    }
    acc.profile = profile;
  };
  const syncCreated = (acc) => {
    if (acc.idp === 'auth0') acc.user.created_at = iso(acc.createdMs);
    else acc.user.createdDateTime = iso(acc.createdMs);
  };
  const takenForRoles = new Set();
  const pickHolders = (pool, k, pred) => {
    const cands = pool.filter(
      (a) => isAssignable(a) && !takenForRoles.has(a.id) && (!pred || pred(a)),
    );
    const out = rR.sample(cands, Math.min(k, cands.length));
    for (const a of out) takenForRoles.add(a.id);
    return out;
  };
  const activeP = (a) => a.profile.kind === 'active' && a.createdMs < windowStart - 60 * DAY;
  const recentProfile = () => ({
    kind: 'recent',
    last: now - rR.int(35, 85) * DAY - rR.int(0, 86399) * 1000,
  });
  const staleProfile = () => ({
    kind: 'stale',
    last: now - rR.int(120, 300) * DAY - rR.int(0, 86399) * 1000,
  });
  const reactivateProfile = () => ({
    kind: 'reactivate',
    last: now - rR.int(40, 70) * DAY - rR.int(0, 86399) * 1000,
  });
  const withAnomalies = days >= 7;

  const roles = AUTH0_ROLES.map(([name, description, privileged]) => ({
    id: `rol_${rR.alnum(16)}`,
    name,
    description,
    privileged,
  }));
  const roleByName = Object.fromEntries(roles.map((r) => [r.name, r]));
  const userRoles = [];
  const auth0Holders = new Map(); // user_id -> Set(role ids)
  const grant = (acc, role) => {
    let s = auth0Holders.get(acc.id);
    if (!s) auth0Holders.set(acc.id, (s = new Set()));
    if (s.has(role.id)) return;
    s.add(role.id);
    userRoles.push({ user_id: acc.id, role_id: role.id });
    if (role.privileged) acc.privileged = true;
  };
  const auth0People = auth0Accounts.filter((a) => a.meta);
  {
    const tenantAdmins = pickHolders(auth0People, 3 * scale, activeP);
    tenantAdmins.forEach((a, i) => {
      a.mfa = i >= 2 ? rR.chance(0.75) : false;
      grant(a, roleByName['Tenant Admin']);
    });
    const dormantTA = pickHolders(auth0People, 2, (a) => a.createdMs < now - 200 * DAY);
    dormantTA.forEach((a) => {
      forceProfile(a, recentProfile());
      a.mfa = true;
      grant(a, roleByName['Tenant Admin']);
    });
    const userMgrs = pickHolders(auth0People, 3 * scale, activeP);
    userMgrs.forEach((a) => {
      a.mfa = rR.chance(0.7);
      grant(a, roleByName['User Manager']);
    });
    const billing = pickHolders(auth0People, 2, (a) => a.createdMs < now - 400 * DAY);
    billing.forEach((a) => {
      forceProfile(a, staleProfile());
      a.mfa = true;
      grant(a, roleByName['Billing Admin']);
    });
    if (withAnomalies) {
      const react = pickHolders(auth0People, 2, (a) => a.createdMs < now - 200 * DAY);
      react.forEach((a, i) => {
        forceProfile(a, reactivateProfile());
        a.mfa = true;
        grant(a, roleByName[i % 2 ? 'User Manager' : 'Tenant Admin']);
      });
    }
    const nonPriv = roles.filter((r) => !r.privileged);
    for (const acc of auth0Accounts) {
      const have = auth0Holders.get(acc.id)?.size || 0;
      const r = rR.next();
      const want = r < 0.3 ? 0 : r < 0.75 ? 1 : r < 0.95 ? 2 : 3;
      for (const role of rR.sample(nonPriv, Math.max(0, Math.min(want, 3 - have))))
        grant(acc, role);
    }
  }

  const directoryRoles = ENTRA_DIRECTORY_ROLES.map(([displayName, roleTemplateId]) => ({
    id: rR.guid(),
    displayName,
    roleTemplateId,
    privileged: true,
  }));
  const dirRole = Object.fromEntries(directoryRoles.map((r) => [r.displayName, r]));
  const roleMembers = [];
  const entraPeople = entraAccounts.filter((a) => a.meta);
  const addMember = (acc, role) => {
    roleMembers.push({ roleId: role.id, userId: acc.id });
    acc.privileged = true;
  };
  {
    for (const a of entraSvc.filter((x) => x.user.userPrincipalName.startsWith('breakglass')))
      addMember(a, dirRole['Global Administrator']);
    const itPred = (a) => activeP(a) && a.meta.person.department === 'IT';
    const anyActive = activeP;
    const spec = [
      ['Global Administrator', 3 * scale],
      ['User Administrator', 3 * scale],
      ['Security Administrator', 2 * scale],
      ['Helpdesk Administrator', 4 * scale],
    ];
    for (const [name, k] of spec) {
      let hs = pickHolders(entraPeople, k, itPred);
      if (hs.length < k) hs = hs.concat(pickHolders(entraPeople, k - hs.length, anyActive));
      hs.forEach((a, i) => {
        a.mfa = i === 0 && name !== 'Security Administrator' ? false : rR.chance(0.8);
        addMember(a, dirRole[name]);
      });
    }
    for (const name of ['User Administrator', 'Helpdesk Administrator']) {
      pickHolders(entraPeople, 1, (a) => a.createdMs < now - 200 * DAY).forEach((a) => {
        forceProfile(a, recentProfile());
        a.mfa = true;
        addMember(a, dirRole[name]);
      });
    }
    for (const name of ['Privileged Role Administrator', 'Billing Administrator']) {
      pickHolders(entraPeople, 2, (a) => a.createdMs < now - 400 * DAY).forEach((a) => {
        forceProfile(a, staleProfile());
        a.mfa = rR.chance(0.5);
        addMember(a, dirRole[name]);
      });
    }
    if (withAnomalies) {
      pickHolders(entraPeople, 2, (a) => a.createdMs < now - 200 * DAY).forEach((a, i) => {
        forceProfile(a, reactivateProfile());
        a.mfa = true;
        addMember(a, dirRole[i % 2 ? 'Helpdesk Administrator' : 'User Administrator']);
      });
    }
  }

  // ---- groups
  const groups = [];
  const memberships = [];
  const newGroup = (displayName, description, extra = {}) => {
    const g = {
      id: rR.guid(),
      displayName,
      description,
      mailEnabled: !!extra.mail,
      securityEnabled: extra.security !== false,
      groupTypes: extra.unified ? ['Unified'] : [],
      createdDateTime: iso(now - rR.int(200, 2000) * DAY),
    };
    groups.push(g);
    return g;
  };
  const allStaff = newGroup('All Employees', 'Every employee of Acme', {
    mail: true,
    unified: true,
    security: false,
  });
  const deptGroup = Object.fromEntries(
    DEPT_NAMES.map((d) => [d, newGroup(`Dept - ${d}`, `Members of the ${d} department`)]),
  );
  const projects = [
    'Apollo',
    'Borealis',
    'Cascade',
    'Delta',
    'Ember',
    'Fjord',
    'Granite',
    'Helix',
    'Ion',
    'Juniper',
    'Kestrel',
    'Lumen',
  ].map((p) =>
    newGroup(`Project ${p}`, `Project ${p} team`, { mail: true, unified: true, security: false }),
  );
  const vpnUsers = newGroup('VPN Users', 'Allowed to use the corporate VPN');
  const m365 = newGroup('M365 E5 Licensed', 'Group-based licensing: Microsoft 365 E5');
  const privGroups = [
    newGroup('Azure Subscription Owners', 'Owner role on production Azure subscriptions'),
    newGroup('Key Vault Administrators', 'Manage production Key Vault secrets'),
    newGroup('Domain Admins (synced)', 'On-premises Domain Admins, synced by Entra Connect'),
    newGroup('Break Glass Accounts', 'Emergency access accounts, excluded from Conditional Access'),
  ];
  const misc = [
    'London Office',
    'Berlin Office',
    'New York Office',
    'Bengaluru Office',
    'Remote Workers',
  ].map((n) => newGroup(n, `${n} distribution`, { mail: true, security: false }));
  for (const acc of entraAccounts) {
    const add = (g) => memberships.push({ groupId: g.id, userId: acc.id });
    if (!acc.meta) {
      if (acc.user.userPrincipalName.startsWith('breakglass')) add(privGroups[3]);
      continue;
    }
    add(allStaff);
    add(deptGroup[acc.meta.person.department]);
    add(m365);
    if (rR.chance(0.5)) add(vpnUsers);
    for (const g of rR.sample(projects, rR.int(0, 3))) add(g);
    const cityName = acc.meta.city[0];
    const office = misc.find((g) => g.displayName.startsWith(cityName));
    if (office) add(office);
    else if (rR.chance(0.3)) add(misc[4]);
    if (acc.privileged || (acc.meta.person.department === 'IT' && rR.chance(0.25))) {
      for (const g of rR.sample(privGroups.slice(0, 3), rR.int(1, 2))) add(g);
    }
  }

  // ---- sign-in logs
  const auth0Events = []; // { t, seq, log }
  const entraEvents = [];
  let seq = 0;
  const clients = [
    { client_id: rL.alnum(32), client_name: 'Acme Portal' },
    { client_id: rL.alnum(32), client_name: 'Acme Admin Console' },
    { client_id: rL.alnum(32), client_name: 'Acme Mobile' },
  ];
  const apiExplorer = { client_id: rL.alnum(32), client_name: 'API Explorer Application' };
  const AUTH0_DESC = {
    s: 'Successful login',
    f: 'Failed login',
    fp: 'Wrong email or password.',
    fu: 'Invalid email or username',
    gd_auth_succeed: 'Guardian - MFA authentication succeeded',
    sapi: 'Update a User',
  };

  function a0(acc, t, type, { ip, mobile = false, client, description, details } = {}) {
    const log = {
      log_id: null,
      date: null,
      type,
      description: description || AUTH0_DESC[type] || type,
      client_id: (client || clients[mobile ? 2 : 0]).client_id,
      client_name: (client || clients[mobile ? 2 : 0]).client_name,
      ip,
      user_agent: mobile ? rL.pick(MOBILE_AGENTS) : rL.pick(USER_AGENTS),
      user_id: acc ? acc.id : '',
      user_name: acc ? acc.user.email : '',
      connection: 'Username-Password-Authentication',
      details: details || {},
      isMobile: mobile,
    };
    const ev = { t, seq: seq++, log };
    auth0Events.push(ev);
    return ev;
  }
  function en(
    acc,
    t,
    { ip, country, city, errorCode = 0, app, mobile = false, additionalDetails = null },
  ) {
    const [appName, appId, client] = app || (mobile ? ENTRA_APPS[0] : rL.pick(ENTRA_APPS));
    const mfaOk = errorCode === 0 && acc.mfa;
    const sign = {
      id: rL.guid(),
      createdDateTime: iso(t),
      userId: acc.id,
      userPrincipalName: acc.user.userPrincipalName,
      userDisplayName: acc.user.displayName,
      appId,
      appDisplayName: appName,
      ipAddress: ip,
      clientAppUsed: client,
      isInteractive: true,
      location: {
        city: city[0],
        state: city[1],
        countryOrRegion: country.code,
        geoCoordinates: { latitude: city[2], longitude: city[3] },
      },
      status: {
        errorCode,
        failureReason: errorCode ? ENTRA_ERRORS[errorCode] : 'Other.',
        additionalDetails:
          additionalDetails ?? (mfaOk ? 'MFA requirement satisfied by claim in the token' : null),
      },
      conditionalAccessStatus: errorCode ? 'notApplied' : acc.mfa ? 'success' : 'notApplied',
      mfaDetail: mfaOk ? { authMethod: 'Mobile app notification', authDetail: null } : null,
      riskLevelDuringSignIn: 'none',
    };
    const ev = { t, seq: seq++, sign };
    entraEvents.push(ev);
    return ev;
  }
  // One successful interactive sign-in (with MFA event for Auth0 users who use it). Returns the event that counts.
  function success(acc, t, { ip, country, city, mobile = false, client } = {}) {
    ip = ip || (mobile ? acc.mobileIp : acc.homeIp);
    country = country || acc.country;
    city = city || acc.city;
    if (acc.idp === 'auth0') {
      if (acc.mfa) a0(acc, t - rL.int(5, 25) * 1000, 'gd_auth_succeed', { ip, mobile, client });
      return a0(acc, t, 's', {
        ip,
        mobile,
        client,
        details: { prompts: [], stats: { loginsCount: 0 } },
      });
    }
    return en(acc, t, { ip, country, city, mobile });
  }
  function failure(acc, t, { ip, country, city, code = 50126, type = 'fp', mobile = false } = {}) {
    ip = ip || (mobile ? acc.mobileIp : acc.homeIp);
    country = country || acc.country;
    city = city || acc.city;
    if (acc.idp === 'auth0')
      return a0(acc, t, type, { ip, mobile, details: { error: { message: AUTH0_DESC[type] } } });
    return en(acc, t, { ip, country, city, errorCode: code, mobile });
  }

  const anomalies = [];
  const suppress = new Map(); // acc.id -> Set(day index)
  const localTime = (acc, d, hour) =>
    Math.floor(windowStart / DAY) * DAY + d * DAY + Math.round((hour - acc.country.tz) * HOUR);
  const inWindow = (t) => t >= windowStart && t < now;

  // Normal activity
  const allAccounts = [...auth0Accounts, ...entraAccounts];
  if (days > 0) {
    // choose anomaly actors first so that their normal activity can be thinned around the anomaly
    const used = new Set();
    const plan = [];
    if (withAnomalies) {
      for (const [idp, pool] of [
        ['auth0', auth0Accounts],
        ['entra', entraAccounts],
      ]) {
        const cands = pool.filter(
          (a) =>
            a.meta &&
            !a.privileged &&
            a.profile.kind === 'active' &&
            a.disabledMs == null &&
            a.createdMs < windowStart - DAY,
        );
        const take = (k) => {
          const out = rX.sample(
            cands.filter((a) => !used.has(a.id)),
            k,
          );
          out.forEach((a) => used.add(a.id));
          return out;
        };
        for (const acc of take(3))
          plan.push({
            kind: 'impossible_travel',
            idp,
            acc,
            d: rX.int(Math.min(10, days - 3), days - 3),
          });
        for (const acc of take(3))
          plan.push({ kind: 'new_country', idp, acc, d: rX.int(Math.min(12, days - 3), days - 3) });
        for (const acc of take(3))
          plan.push({ kind: 'failure_burst', idp, acc, d: rX.int(1, days - 2) });
        for (let i = 0; i < 3; i++) {
          const enabled = pool.filter((a) => a.disabledMs == null);
          if (enabled.length >= 20)
            plan.push({
              kind: 'password_spray',
              idp,
              targets: rX.sample(enabled, Math.min(enabled.length, rX.int(22, 30))),
              d: rX.int(1, days - 2),
            });
        }
      }
      for (const p of plan) {
        if (p.kind === 'impossible_travel' || p.kind === 'new_country') {
          const s = new Set([p.d - 2, p.d - 1, p.d, p.d + 1, p.d + 2]);
          suppress.set(p.acc.id, s);
        }
      }
    }

    for (const acc of allAccounts) {
      if (acc.profile.kind !== 'active' || acc.disabledMs != null) continue;
      const sup = suppress.get(acc.id);
      const admin =
        acc.idp === 'auth0' &&
        auth0Holders.get(acc.id) &&
        [...auth0Holders.get(acc.id)].some(
          (rid) => rid === roleByName['Tenant Admin'].id || rid === roleByName['User Manager'].id,
        );
      const firstDay = Math.floor(windowStart / DAY);
      for (let d = 0; d < days; d++) {
        if (sup && sup.has(d)) continue;
        const dow = new Date((firstDay + d) * DAY).getUTCDay();
        const weekend = dow === 0 || dow === 6;
        const k = weekend
          ? rL.chance(0.1)
            ? 1
            : 0
          : 1 + (rL.chance(0.5) ? 1 : 0) + (rL.chance(0.2) ? 1 : 0);
        for (let j = 0; j < k; j++) {
          const t = localTime(acc, d, 7 + j * 3 + rL.next() * 3) + rL.int(0, 59) * 1000;
          if (!inWindow(t) || t < acc.createdMs) continue;
          const mobile = rL.chance(0.2);
          if (rL.chance(0.04)) failure(acc, t - rL.int(30, 180) * 1000, { mobile });
          else if (acc.idp === 'entra' && acc.mfa && rL.chance(0.05))
            failure(acc, t - rL.int(20, 60) * 1000, { mobile, code: 50074 });
          success(acc, t, { mobile });
          if (admin && rL.chance(0.3))
            a0(acc, t + rL.int(2, 30) * MIN, 'sapi', {
              ip: acc.homeIp,
              client: apiExplorer,
              details: { request: { method: 'patch', path: '/api/v2/users' } },
            });
        }
      }
    }

    // Anomalies
    const ref = (ev) => ev; // resolved to ids after sorting
    for (const p of plan) {
      const { acc } = p;
      if (p.kind === 'impossible_travel') {
        const t1 = localTime(acc, p.d, 9 + rX.next() * 3);
        const far = rX.pick(
          HOME_COUNTRIES.filter(
            (c) => distanceKm(c.cities[0][2], c.cities[0][3], acc.city[2], acc.city[3]) > 6000,
          ),
        );
        const farCity = rX.pick(far.cities);
        const t2 = t1 + rX.int(15, 50) * MIN;
        const e1 = success(acc, t1);
        const farIp = randomIp(rX, far);
        const e2 = success(acc, t2, { ip: farIp, country: far, city: farCity });
        anomalies.push({
          kind: 'impossible_travel',
          idp: p.idp,
          userIds: [acc.id],
          ip: farIp,
          from: iso(t1),
          to: iso(t2),
          eventIds: [ref(e1), ref(e2)],
          countries: [acc.country.code, far.code],
        });
        anomalies.push({
          kind: 'new_country',
          idp: p.idp,
          userIds: [acc.id],
          ip: farIp,
          from: iso(t2),
          to: iso(t2),
          eventIds: [ref(e2)],
          countries: [far.code],
        });
      } else if (p.kind === 'new_country') {
        const other = rX.pick(HOME_COUNTRIES.filter((c) => c.code !== acc.country.code));
        const city = rX.pick(other.cities);
        const ip = randomIp(rX, other);
        const t = localTime({ country: other }, p.d, 10 + rX.next() * 6);
        const e = success(acc, t, { ip, country: other, city });
        anomalies.push({
          kind: 'new_country',
          idp: p.idp,
          userIds: [acc.id],
          ip,
          from: iso(t),
          to: iso(t),
          eventIds: [ref(e)],
          countries: [other.code],
        });
      } else if (p.kind === 'failure_burst') {
        let t = localTime(acc, p.d, 8 + rX.next() * 8);
        const n = rX.int(11, 15);
        const evs = [];
        const t0 = t;
        for (let i = 0; i < n; i++) {
          evs.push(failure(acc, t, { code: i >= 10 ? 50053 : 50126 }));
          if (i < n - 1) t += rX.int(15, 40) * 1000;
        }
        anomalies.push({
          kind: 'failure_burst',
          idp: p.idp,
          userIds: [acc.id],
          ip: acc.homeIp,
          from: iso(t0),
          to: iso(t),
          eventIds: evs.map(ref),
        });
      } else if (p.kind === 'password_spray') {
        const country =
          ATTACKER_COUNTRIES[
            anomalies.filter((a) => a.kind === 'password_spray').length % ATTACKER_COUNTRIES.length
          ];
        const ip = randomIp(rX, country);
        const city = country.cities[0];
        let t = Math.floor(windowStart / DAY) * DAY + p.d * DAY + rX.int(0, 20) * HOUR;
        const t0 = t;
        const evs = [];
        p.targets.forEach((target, i) => {
          evs.push(failure(target, t, { ip, country, city, code: 50126, type: 'fp' }));
          if (i < p.targets.length - 1) t += rX.int(40, 100) * 1000;
          // Auth0 also logs attempts on e-mails that do not exist ('fu', no user_id)
          if (p.idp === 'auth0' && i % 8 === 3) {
            t += rX.int(5, 20) * 1000;
            const guess = `${rX.pick(GIVEN).toLowerCase()}.${rX.pick(SURNAMES).toLowerCase()}${rX.int(1, 99)}@${EMAIL_DOMAIN}`;
            const ev = a0(null, t, 'fu', { ip, details: { error: { message: AUTH0_DESC.fu } } });
            ev.log.user_name = guess;
            evs.push(ev);
          }
        });
        anomalies.push({
          kind: 'password_spray',
          idp: p.idp,
          userIds: p.targets.map((a) => a.id),
          ip,
          from: iso(t0),
          to: iso(t),
          eventIds: evs.map(ref),
          countries: [country.code],
        });
      }
    }
    if (withAnomalies) {
      for (const acc of allAccounts.filter((a) => a.profile.kind === 'reactivate')) {
        const d = days - rX.int(2, 4);
        const t = localTime(acc, d, 10 + rX.next() * 4);
        const e = success(acc, t);
        anomalies.push({
          kind: 'dormant_admin_reactivation',
          idp: acc.idp,
          userIds: [acc.id],
          ip: acc.homeIp,
          from: iso(acc.profile.last),
          to: iso(t),
          eventIds: [ref(e)],
        });
      }
    }
  }

  // sort and assign ids
  const bySeq = (a, b) => a.t - b.t || a.seq - b.seq;
  auth0Events.sort(bySeq);
  entraEvents.sort(bySeq);
  const auth0Logs = auth0Events.map((ev, i) => {
    ev.log.date = iso(ev.t);
    ev.log.log_id = String(ev.t).padStart(13, '0') + String(i).padStart(11, '0');
    return ev.log;
  });
  const signIns = entraEvents.map((ev) => ev.sign);
  for (const a of anomalies)
    a.eventIds = a.eventIds.map((ev) => (ev.log ? ev.log.log_id : ev.sign.id));

  // last successful sign-in from the logs, falling back to the account's profile
  const lastOk = new Map();
  const okCount = new Map();
  const lastIp = new Map();
  for (const ev of auth0Events)
    if (ev.log.type === 's') {
      lastOk.set(ev.log.user_id, ev.t);
      lastIp.set(ev.log.user_id, ev.log.ip);
      okCount.set(ev.log.user_id, (okCount.get(ev.log.user_id) || 0) + 1);
    }
  for (const ev of entraEvents)
    if (ev.sign.status.errorCode === 0) lastOk.set(ev.sign.userId, ev.t);
  for (const acc of allAccounts) {
    let last = lastOk.get(acc.id);
    if (last == null) {
      if (acc.profile.kind === 'active' && acc.disabledMs == null) {
        last = windowStart - rA.int(1, 5) * DAY - rA.int(0, 86399) * 1000;
        if (last < acc.createdMs) last = null;
      } else last = acc.profile.last ?? null;
    }
    if (acc.disabledMs != null && last != null && last > acc.disabledMs)
      last = acc.disabledMs - HOUR;
    if (acc.idp === 'auth0') {
      const u = acc.user;
      u.blocked = acc.disabledMs != null;
      u.last_login = iso(last);
      u.last_ip = last == null ? null : lastIp.get(acc.id) || acc.homeIp;
      u.logins_count = last == null ? 0 : rA.int(3, 300) + (okCount.get(acc.id) || 0);
      u.updated_at = iso(Math.max(acc.createdMs, last ?? 0, acc.disabledMs ?? 0));
    } else {
      acc.user.accountEnabled = acc.disabledMs == null;
      acc.user.lastSignInDateTime = iso(last);
    }
  }

  // MFA registration report (Entra)
  const entraAdmins = new Set(roleMembers.map((r) => r.userId));
  const mfaRegistration = entraAccounts.map((acc) => {
    const methods = acc.mfa
      ? rA.chance(0.3)
        ? ['microsoftAuthenticatorPush', 'softwareOneTimePasscode', 'mobilePhone']
        : ['microsoftAuthenticatorPush', 'softwareOneTimePasscode']
      : [];
    if (acc.mfa && rA.chance(0.1)) methods.push('fido2');
    return {
      id: acc.id,
      userPrincipalName: acc.user.userPrincipalName,
      userDisplayName: acc.user.displayName,
      isAdmin: entraAdmins.has(acc.id),
      isMfaRegistered: acc.mfa,
      isMfaCapable: acc.mfa && acc.user.accountEnabled,
      isPasswordlessCapable: methods.includes('fido2'),
      isSsprRegistered: acc.mfa,
      methodsRegistered: methods,
      lastUpdatedDateTime: iso(Math.max(acc.createdMs, now - rA.int(1, 400) * DAY)),
    };
  });

  const estate = {
    tenant: { ...TENANT },
    people: outPeople,
    auth0: { users: auth0Accounts.map((a) => a.user), roles, userRoles, logs: auth0Logs },
    entra: {
      users: entraAccounts.map((a) => a.user),
      groups,
      memberships,
      directoryRoles,
      roleMembers,
      mfaRegistration,
      signIns,
    },
    groundTruth: null,
  };
  estate.groundTruth = {
    parameters: { ...PARAMETERS, asOf: iso(now), signInDays: days, seed, people: nPeople },
    definitions: { ...DEFINITIONS },
    anomalyDefinitions: { ...ANOMALY_DEFINITIONS },
    findings: computeFindings(estate, { ...PARAMETERS, asOf: iso(now) }),
    anomalies,
    unverifiedEmailAccounts,
    counts: null,
  };
  estate.groundTruth.counts = estateCounts(estate);
  return estate;
}

// ---------------------------------------------------------------- findings (computed from the estate, per DEFINITIONS)

export function computeFindings(estate, params = estate.groundTruth?.parameters) {
  const asOf = Date.parse(params.asOf);
  const findings = [];
  const ms = (s) => (s == null ? null : Date.parse(s));
  const a0Users = estate.auth0.users;
  const enUsers = estate.entra.users;
  const privRoles = new Set(estate.auth0.roles.filter((r) => r.privileged).map((r) => r.id));
  const a0Priv = new Set(
    estate.auth0.userRoles.filter((ur) => privRoles.has(ur.role_id)).map((ur) => ur.user_id),
  );
  const enPriv = new Set(estate.entra.roleMembers.map((r) => r.userId));
  const mfaUsers = new Set(
    estate.auth0.logs.filter((l) => l.type === 'gd_auth_succeed').map((l) => l.user_id),
  );
  const mfaReg = new Map(estate.entra.mfaRegistration.map((r) => [r.id, r]));
  const olderThan = (iso, d) => iso == null || ms(iso) < asOf - d * DAY;
  const accounts = [
    ...a0Users.map((u) => ({
      idp: 'auth0',
      id: u.user_id,
      enabled: !u.blocked,
      created: u.created_at,
      last: u.last_login,
      personKey: u.personKey,
      priv: a0Priv.has(u.user_id),
      u,
    })),
    ...enUsers.map((u) => ({
      idp: 'entra',
      id: u.id,
      enabled: u.accountEnabled,
      created: u.createdDateTime,
      last: u.lastSignInDateTime,
      personKey: u.personKey,
      priv: enPriv.has(u.id),
      u,
    })),
  ];
  const push = (kind, a) =>
    findings.push({ kind, idp: a.idp, accountId: a.id, personKey: a.personKey ?? null });

  for (const a of accounts) {
    if (
      a.enabled &&
      ms(a.created) < asOf - params.staleDays * DAY &&
      olderThan(a.last, params.staleDays)
    )
      push('stale_account', a);
  }
  for (const a of accounts) {
    if (!a.enabled || !a.priv) continue;
    if (a.idp === 'entra' ? mfaReg.get(a.id)?.isMfaRegistered === false : !mfaUsers.has(a.id))
      push('admin_without_mfa', a);
  }
  for (const a of accounts)
    if (a.enabled && a.priv && olderThan(a.last, params.dormantPrivilegedDays))
      push('dormant_privileged', a);
  const byPerson = new Map();
  for (const a of accounts)
    if (a.personKey) {
      let l = byPerson.get(a.personKey);
      if (!l) byPerson.set(a.personKey, (l = []));
      l.push(a);
    }
  for (const p of estate.people) {
    if (!p.leftAt) continue;
    const accs = byPerson.get(p.key) || [];
    if (!accs.some((a) => a.idp === 'auth0') || !accs.some((a) => a.idp === 'entra')) continue;
    if (accs.some((a) => !a.enabled) && accs.some((a) => a.enabled))
      for (const a of accs) if (a.enabled) push('leaver_drift', a);
  }
  for (const a of accounts)
    if (a.idp === 'auth0' ? a.u.email_verified === false : a.u.mail == null)
      push('unlinked_account', a);
  const lastById = new Map(accounts.map((a) => [a.id, a.last]));
  const recent = (id) => !olderThan(lastById.get(id), params.unusedPrivilegedRoleDays);
  for (const r of estate.auth0.roles) {
    if (!r.privileged) continue;
    const holders = estate.auth0.userRoles
      .filter((ur) => ur.role_id === r.id)
      .map((ur) => ur.user_id);
    if (holders.length && !holders.some(recent))
      findings.push({
        kind: 'unused_privileged_role',
        idp: 'auth0',
        accountId: r.id,
        personKey: null,
      });
  }
  for (const r of estate.entra.directoryRoles) {
    const holders = estate.entra.roleMembers.filter((m) => m.roleId === r.id).map((m) => m.userId);
    if (holders.length && !holders.some(recent))
      findings.push({
        kind: 'unused_privileged_role',
        idp: 'entra',
        accountId: r.id,
        personKey: null,
      });
  }
  return findings;
}

export function estateCounts(estate) {
  const keysA = new Set(estate.auth0.users.map((u) => u.personKey).filter(Boolean));
  let linked = 0;
  const seen = new Set();
  for (const u of estate.entra.users)
    if (u.personKey && keysA.has(u.personKey) && !seen.has(u.personKey)) {
      seen.add(u.personKey);
      linked++;
    }
  const signinTypes = new Set(AUTH0_SIGNIN_TYPES);
  let auth0SignIns = 0;
  for (const l of estate.auth0.logs) if (signinTypes.has(l.type)) auth0SignIns++;
  return {
    people: estate.people.length,
    auth0Users: estate.auth0.users.length,
    entraUsers: estate.entra.users.length,
    linkedPeople: linked,
    auth0Roles: estate.auth0.roles.length,
    auth0RoleAssignments: estate.auth0.userRoles.length,
    entraGroups: estate.entra.groups.length,
    entraMemberships: estate.entra.memberships.length,
    entraDirectoryRoles: estate.entra.directoryRoles.length,
    entraRoleMembers: estate.entra.roleMembers.length,
    auth0Logs: estate.auth0.logs.length,
    entraSignIns: estate.entra.signIns.length,
    auth0SignIns,
  };
}

// ---------------------------------------------------------------- CLI

function main(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.includes('=')
      ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a.slice(2), argv[++i]];
    args[k] = v;
  }
  if (!args.out) {
    process.stderr.write(
      'usage: node tools/sandbox/identity/estate.mjs --out <dir> [--people N] [--seed S] [--days D] [--now ISO]\n',
    );
    process.exit(2);
  }
  const opts = {};
  if (args.people != null) opts.people = Number(args.people);
  if (args.seed != null) opts.seed = Number(args.seed);
  if (args.days != null) opts.signInDays = Number(args.days);
  if (args.now != null) opts.now = Date.parse(args.now);
  const estate = identityEstate(opts);
  const dir = resolve(args.out);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'estate.json'), JSON.stringify(estate));
  writeFileSync(join(dir, 'ground-truth.json'), JSON.stringify(estate.groundTruth, null, 2));
  process.stdout.write(`${JSON.stringify(estate.groundTruth.counts)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2));
