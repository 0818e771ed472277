import { create, type JsonObject } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { providerEnum } from '@codex/connectors';
import { ResourceDiscoveredSchema } from '@codex/contracts';
import type { OutgoingEvent } from '@codex/messaging';

import type { DiscoveredResource } from '../compute/ports';

/**
 * The `resource.discovered` event for one resource seen at `observedAt`, by a discovery run
 * or by the read that verified an action: both publish the same fields, so the inventory row
 * looks the same whichever saw it last.
 */
export function resourceDiscoveredEvent(
  tenantId: string,
  resource: DiscoveredResource,
  observedAt: Date,
  discoveryRunId = '',
): OutgoingEvent<'resource.discovered'> {
  return {
    payload: create(ResourceDiscoveredSchema, {
      urn: resource.urn,
      tenantId,
      provider: providerEnum(resource.provider),
      accountId: resource.accountId,
      region: resource.region,
      resourceType: resource.resourceType,
      name: resource.name,
      tags: resource.tags,
      state: resource.state,
      attributes: jsonObject(resource.attributes),
      observedAt: timestampFromDate(observedAt),
      discoveryRunId,
    }),
    metadata: { key: resource.urn, tenantId },
  };
}

/** Attribute values as JSON (dates become ISO strings), the shape google.protobuf.Struct holds. */
function jsonObject(attributes: Record<string, unknown>): JsonObject {
  return JSON.parse(JSON.stringify(attributes)) as JsonObject;
}
