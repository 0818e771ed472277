import type { DirectorySnapshot } from './directory-snapshot';
import { riskScores } from './risk-score';
import { signInRiskAt, signInRiskFindings } from './sign-in-risk';

const DAY = 86_400_000;
const asOf = new Date('2026-11-30T00:00:00Z');

const snapshot: DirectorySnapshot = {
  accounts: [
    account('auth0', 'auth0|alice', 'person-alice'),
    account('entra', 'bob-id', 'person-bob'),
    account('auth0', 'ci-bot', null),
  ],
  containers: [],
  memberships: [],
};

describe('sign-in risk findings', () => {
  it('halves the risk every week after the signal', () => {
    const risk = { idp: 'auth0' as const, accountId: 'a', points: 80, at: asOf, kinds: [] };
    expect(signInRiskAt(risk, asOf)).toBe(80);
    expect(signInRiskAt(risk, new Date(asOf.getTime() + 7 * DAY))).toBe(40);
    expect(signInRiskAt(risk, new Date(asOf.getTime() + 14 * DAY))).toBe(20);
  });

  it('names the person, takes its severity from the risk now, and drops a faded risk', () => {
    const findings = signInRiskFindings(
      snapshot,
      [
        {
          idp: 'auth0',
          accountId: 'auth0|alice',
          points: 90,
          at: asOf,
          kinds: ['impossible_travel', 'new_country'],
        },
        {
          idp: 'entra',
          accountId: 'bob-id',
          points: 50,
          at: new Date(asOf.getTime() - 7 * DAY),
          kinds: ['failure_burst'],
        },
        {
          idp: 'auth0',
          accountId: 'ci-bot',
          points: 10,
          at: new Date(asOf.getTime() - 30 * DAY),
          kinds: ['new_device'],
        },
        { idp: 'entra', accountId: 'gone', points: 90, at: asOf, kinds: ['new_country'] },
      ],
      asOf,
    );
    expect(findings.map((f) => [f.accountId, f.personId, f.severity, f.risk])).toEqual([
      ['auth0|alice', 'person-alice', 'critical', 90],
      ['bob-id', 'person-bob', 'medium', 25],
    ]);
    expect(findings[0]?.summary).toBe(
      'Sign-in risk 90 from impossible travel, new country, last on 2026-11-30.',
    );
  });

  it("adds to the person's risk score like a governance finding of the same severity", () => {
    const [alice] = signInRiskFindings(
      snapshot,
      [{ idp: 'auth0', accountId: 'auth0|alice', points: 45, at: asOf, kinds: ['new_country'] }],
      asOf,
    );
    expect(alice?.severity).toBe('high');
    expect(riskScores(alice ? [alice] : []).get('person-alice')).toEqual({
      score: 30,
      findings: 1,
    });
  });
});

function account(idp: 'auth0' | 'entra', externalId: string, personId: string | null) {
  return {
    idp,
    externalId,
    personId,
    email: null,
    emailVerified: true,
    enabled: true,
    createdAt: null,
    lastSignInAt: null,
    mfaRegistered: null,
    mfaUsed: false,
  };
}
