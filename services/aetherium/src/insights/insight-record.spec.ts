import { InsightKind, InsightSeverity } from '@codex/contracts';

import { insightEvent } from './insight-events.fixture';
import { toInsightRecord } from './insight-record';

const receivedAt = new Date('2026-11-30T12:00:00Z');

describe('an insight record', () => {
  it('takes kind, severity, details type and dedupe key from the event', () => {
    const event = insightEvent({
      tenantId: 'acme',
      kind: InsightKind.ANALYSIS,
      details: { type: 'budget_alert', dedupeKey: '2026-11:forecast', threshold: 80 },
    });
    event.payload.severity = InsightSeverity.HIGH;
    expect(toInsightRecord(event, receivedAt)).toMatchObject({
      tenantId: 'acme',
      id: event.payload.insightId,
      kind: 'analysis',
      severity: 'high',
      type: 'budget_alert',
      dedupeKey: '2026-11:forecast',
      details: { threshold: 80 },
      receivedAt,
    });
  });

  it('has no type or dedupe key when the details name none as text', () => {
    const event = insightEvent({ tenantId: 'acme', details: { type: 7 } });
    expect(toInsightRecord(event, receivedAt)).toMatchObject({ type: '', dedupeKey: '' });
  });

  it('is refused without a kind, or with a subject longer than its column', () => {
    const unkind = insightEvent({ tenantId: 'acme', kind: InsightKind.UNSPECIFIED });
    const long = insightEvent({ tenantId: 'acme', subjectUrn: `codex:${'x'.repeat(600)}` });
    expect(() => toInsightRecord(unkind, receivedAt)).toThrow(/no known kind/);
    expect(() => toInsightRecord(long, receivedAt)).toThrow(
      /subjectUrn is 606 characters, at most 512/,
    );
  });
});
