// A tiny estate of the shape of tools/sandbox/identity/estate.mjs's `entra` part,
// used only when that module is absent (the sandbox prefers it).
import { createHash } from 'node:crypto';

const uuid = (text) => {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export function devEstate({ seed = 1, people = 12, now = Date.parse('2026-11-30T12:00:00Z'), signInDays = 7 } = {}) {
  const names = ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal', 'Ivy', 'Jo', 'Kai', 'Lu'];
  const depts = ['Engineering', 'Finance', 'Sales'];
  const users = Array.from({ length: people }, (_, i) => {
    const given = names[i % names.length] + (i >= names.length ? String(i) : '');
    const upn = `${given.toLowerCase()}.smith@codexsandbox.onmicrosoft.com`;
    return {
      id: uuid(`${seed}/user/${i}`),
      displayName: `${given} Smith`,
      givenName: given,
      surname: 'Smith',
      userPrincipalName: upn,
      mail: upn,
      accountEnabled: i % 5 !== 4,
      createdDateTime: new Date(now - (400 - i) * 86400000).toISOString().replace(/\.\d+Z$/, 'Z'),
      department: depts[i % 3],
      jobTitle: i % 4 === 0 ? 'Manager' : 'Engineer',
      usageLocation: 'US',
      personKey: `p${i}`,
      lastSignInDateTime: new Date(now - i * 3600000).toISOString(),
    };
  });
  const groups = depts.map((d, i) => ({
    id: uuid(`${seed}/group/${d}`),
    displayName: `${d} Team`,
    description: `Everyone in ${d}`,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    createdDateTime: new Date(now - (500 - i) * 86400000).toISOString().replace(/\.\d+Z$/, 'Z'),
  }));
  const memberships = users.map((u, i) => ({ groupId: groups[i % 3].id, userId: u.id }));
  const directoryRoles = [
    { id: uuid(`${seed}/role/ga`), displayName: 'Global Administrator', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10', privileged: true },
    { id: uuid(`${seed}/role/gr`), displayName: 'Global Reader', roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', privileged: false },
  ];
  const roleMembers = [
    { roleId: directoryRoles[0].id, userId: users[0].id },
    { roleId: directoryRoles[1].id, userId: users[1].id },
  ];
  const mfaRegistration = users.map((u, i) => ({
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    userDisplayName: u.displayName,
    isAdmin: i < 2,
    isMfaRegistered: i % 3 !== 2,
    isMfaCapable: i % 3 !== 2,
    isPasswordlessCapable: false,
    isSsprRegistered: i % 2 === 0,
    methodsRegistered: i % 3 !== 2 ? ['microsoftAuthenticatorPush'] : [],
    lastUpdatedDateTime: new Date(now - 86400000).toISOString(),
  }));
  const signIns = [];
  for (let d = 0; d < signInDays; d += 1) {
    users.forEach((u, i) => {
      const t = now - d * 86400000 - (i + 1) * 600000;
      signIns.push({
        id: uuid(`${seed}/signin/${d}/${i}`),
        createdDateTime: new Date(t).toISOString().replace(/\.\d+Z$/, 'Z'),
        userId: u.id,
        userPrincipalName: u.userPrincipalName,
        userDisplayName: u.displayName,
        appId: '00000002-0000-0ff1-ce00-000000000000',
        appDisplayName: 'Office 365 Exchange Online',
        ipAddress: `10.0.${d}.${i + 1}`,
        clientAppUsed: 'Browser',
        isInteractive: true,
        location: { city: 'Redmond', state: 'Washington', countryOrRegion: 'US', geoCoordinates: { latitude: 47.6, longitude: -122.1 } },
        status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
        conditionalAccessStatus: 'success',
        mfaDetail: null,
        riskLevelDuringSignIn: 'none',
      });
    });
  }
  return {
    tenant: { entraTenantId: '72f988bf-0000-4000-8000-00000000c0de' },
    people: [],
    entra: { users, groups, memberships, directoryRoles, roleMembers, mfaRegistration, signIns },
    groundTruth: {},
  };
}
