import { mergeSignals, riskKindLabel, riskTone } from './identity-risk';
import type { RiskSignal } from './oracle-views';

function signal(id: string, occurredAt: string): RiskSignal {
  return {
    id,
    kind: 'new_country',
    identityUrn: 'codex:auth0:acme:-:identity/u1',
    subjectUrn: 'codex:auth0:acme:-:identity/u1',
    loginIds: [],
    occurredAt,
    details: {},
    risk: 30,
    detectedAt: occurredAt,
  };
}

describe('identity risk in words', () => {
  it('names the kinds and ranks a score', () => {
    expect(riskKindLabel('dormant_admin_reactivation')).toBe('Dormant admin signed in again');
    expect(riskKindLabel('something_new')).toBe('something new');
    expect([riskTone(85), riskTone(40), riskTone(10)]).toEqual(['bad', 'warn', 'neutral']);
  });

  it('merges the signals of several accounts newest first, each once', () => {
    const a = signal('a', '2026-11-29T10:00:00Z');
    const b = signal('b', '2026-11-30T10:00:00Z');
    expect(mergeSignals([[a, b], [b]]).map((s) => s.id)).toEqual(['b', 'a']);
  });
});
