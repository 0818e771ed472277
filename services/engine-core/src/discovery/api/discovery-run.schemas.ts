import { cursorParam, limitParam, type Page } from '@codex/platform';
import { z } from 'zod';

export const newDiscoveryRun = z.strictObject({
  accountId: z.uuid().describe("Codex's id of a connected AWS account"),
});
export type NewDiscoveryRun = z.output<typeof newDiscoveryRun>;

export const discoveryRunListQuery = z.strictObject({
  accountId: z.uuid().optional().describe('Only the runs of this account'),
  limit: limitParam.describe('Runs per page'),
  cursor: cursorParam.describe('The nextCursor of the previous page'),
});
export type DiscoveryRunListQuery = z.output<typeof discoveryRunListQuery>;

const listingProgress = z.object({
  region: z.string(),
  resourceType: z.string(),
  pages: z.number().int(),
  resources: z.number().int(),
});

export const discoveryRunView = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  trigger: z.enum(['manual', 'schedule']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  requestedBy: z.string(),
  counts: z.object({
    discovered: z.number().int(),
    deleted: z.number().int(),
    metrics: z.number().int(),
  }),
  /** One entry per (region, resource type) listing. */
  progress: z.array(listingProgress),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type DiscoveryRunView = z.output<typeof discoveryRunView>;

export const discoveryRunPage = z.object({
  items: z.array(discoveryRunView),
  nextCursor: z.string().nullable(),
});
export type DiscoveryRunPage = Page<DiscoveryRunView>;
