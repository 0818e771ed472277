import { resourceDiscoveredEvent as observedResourceEvent } from '@codex/actions';
import { providerEnum } from '@codex/connectors';
import type { OutgoingEvent } from '@codex/messaging';

import type { DiscoveredResource } from '../compute/ports';

/**
 * The `resource.discovered` event for one resource seen at `observedAt` by a discovery run
 * (or, in tests, by the read that verified an action): the executor kit's mapping, so the
 * inventory row looks the same whichever saw it last.
 */
export function resourceDiscoveredEvent(
  tenantId: string,
  resource: DiscoveredResource,
  observedAt: Date,
  discoveryRunId = '',
): OutgoingEvent<'resource.discovered'> {
  return observedResourceEvent(
    tenantId,
    { ...resource, provider: providerEnum(resource.provider), observedAt },
    discoveryRunId,
  );
}
