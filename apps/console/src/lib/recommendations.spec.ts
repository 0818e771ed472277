import type { Recommendation } from './oracle-views';
import { bySaving, canApply, evidenceEntries, realisedText, savingText } from './recommendations';

function recommendation(overrides: Partial<Recommendation>): Recommendation {
  return {
    id: 'r1',
    kind: 'rightsizing',
    resourceUrn: 'codex:aws:1:eu-west-1:ec2/i-1',
    status: 'open',
    title: 'Resize i-1',
    saving: { monthly: 40, currency: 'USD' },
    risk: { level: 'low', reason: 'CPU under 10 %' },
    effort: 'low',
    evidence: {},
    action: { type: 'aws.ec2.resize' },
    draftActionId: null,
    appliedBy: null,
    appliedAt: null,
    executedAt: null,
    realised: null,
    createdAt: '2026-11-30T00:00:00Z',
    updatedAt: '2026-11-30T00:00:00Z',
    ...overrides,
  };
}

describe('recommendations', () => {
  it('are listed largest saving first', () => {
    const list = bySaving([
      recommendation({ id: 'a', saving: { monthly: 5, currency: 'USD' } }),
      recommendation({ id: 'b', saving: { monthly: 120.5, currency: 'USD' } }),
      recommendation({ id: 'c', saving: { monthly: 40, currency: 'USD' } }),
    ]);
    expect(list.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(savingText(list[0]!)).toBe('$120.50 a month');
  });

  it('can be applied only while open and with an action', () => {
    expect(canApply(recommendation({}))).toBe(true);
    expect(canApply(recommendation({ status: 'applied' }))).toBe(false);
    expect(canApply(recommendation({ action: null }))).toBe(false);
  });

  it('say what the bills showed they saved once measured', () => {
    expect(realisedText(recommendation({}))).toBeNull();
    expect(
      realisedText(
        recommendation({
          status: 'measured',
          realised: {
            realisedMonthlySaving: 41.2,
            averageDailyBefore: 3.1,
            averageDailyAfter: 1.74,
            daysBefore: 14,
            daysAfter: 14,
            currency: 'USD',
            measuredAt: '2026-11-30T00:00:00Z',
          },
        }),
      ),
    ).toBe('Saved $41.20 a month (from $3.10 to $1.74 a day, 14 days before and 14 after)');
  });

  it('show their evidence as labelled values', () => {
    expect(evidenceEntries({ p95Cpu: 7.456, instanceType: 'm5.large', sizes: ['a'] })).toEqual([
      ['p95 cpu', '7.46'],
      ['instance type', 'm5.large'],
      ['sizes', '["a"]'],
    ]);
  });
});
