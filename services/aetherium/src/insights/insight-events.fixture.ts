import { randomUUID } from 'node:crypto';

import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { InsightGeneratedSchema, InsightKind, InsightSeverity } from '@codex/contracts';
import { decodeEvent, type DeliveredEvent } from '@codex/messaging';
import type { DataSource } from 'typeorm';

/** An `insight.generated` as the consumer delivers it; each call is a new delivery. */
export function insightEvent(insight: {
  tenantId: string;
  insightId?: string;
  kind?: InsightKind;
  subjectUrn?: string;
  details?: JsonObject;
  generatedAt?: Date;
}): DeliveredEvent<'insight.generated'> {
  const insightId = insight.insightId ?? randomUUID();
  const generatedAt = insight.generatedAt ?? new Date();
  return {
    topic: 'insight.generated',
    key: insightId,
    envelope: {
      id: randomUUID(),
      source: 'oracle',
      type: 'codex.insight.generated.v1',
      time: generatedAt.toISOString(),
      subject: insightId,
      tenantId: insight.tenantId,
      traceparent: '',
    },
    payload: create(InsightGeneratedSchema, {
      insightId,
      tenantId: insight.tenantId,
      kind: insight.kind ?? InsightKind.ANOMALY,
      severity: InsightSeverity.MEDIUM,
      subjectUrn: insight.subjectUrn ?? 'codex:aws:123456789012:eu-west-1:ec2/instance/i-1',
      title: 'CPU far above its usual level',
      summary: 'Twice the expected CPU for three hours.',
      details: insight.details ?? { type: 'metric_anomaly' },
      producedBy: 'oracle',
      generatedAt: timestampFromDate(generatedAt),
    }),
  };
}

/** The `insight.generated` events waiting in a database's outbox, oldest first. */
export async function outboxInsights(
  owner: DataSource,
): Promise<DeliveredEvent<'insight.generated'>[]> {
  const rows = await owner.query<
    { message_key: string; headers: Record<string, string>; payload: Buffer }[]
  >(
    `SELECT message_key, headers, payload FROM outbox_messages WHERE topic = 'insight.generated' ORDER BY seq`,
  );
  return rows.map((row) =>
    decodeEvent('insight.generated', {
      key: Buffer.from(row.message_key),
      value: row.payload,
      headers: row.headers,
    }),
  );
}
