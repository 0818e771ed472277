import { cursorParam, instant, limitParam, type Page } from '@codex/platform';
import { z } from 'zod';

export const auditQuery = z.strictObject({
  action: z.string().min(1).max(64).optional().describe('Only events of this action'),
  actor: z.string().min(1).max(320).optional().describe('Only events of this actor'),
  since: instant.optional().describe('Only events at or after this time'),
  until: instant.optional().describe('Only events before this time'),
  limit: limitParam.describe('Events per page'),
  cursor: cursorParam.describe('The nextCursor of the previous page'),
});

export type AuditQuery = z.output<typeof auditQuery>;

export const auditEventView = z.object({
  id: z.uuid(),
  action: z.string(),
  actor: z.string(),
  sourceIp: z.string(),
  details: z.record(z.string(), z.unknown()),
  occurredAt: z.iso.datetime(),
});

export type AuditEventView = z.output<typeof auditEventView>;

export const auditPage = z.object({
  items: z.array(auditEventView),
  nextCursor: z.string().nullable(),
});

export type AuditPage = Page<AuditEventView>;
