import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Provider, ResourceDiscoveredSchema } from '@codex/contracts';
import type { OutgoingEvent } from '@codex/messaging';

/** `count` distinct EC2 instances discovered in one run, as a publishing service would send them. */
export function discoveredInstances(
  count: number,
  { tenantId = 'tenant-a', from = 0 } = {},
): OutgoingEvent<'resource.discovered'>[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `i-${(from + index).toString(16).padStart(17, '0')}`;
    const urn = `codex:aws:123456789012:eu-west-1:ec2/instance/${id}`;
    return {
      payload: create(ResourceDiscoveredSchema, {
        urn,
        tenantId,
        provider: Provider.AWS,
        accountId: '123456789012',
        region: 'eu-west-1',
        resourceType: 'ec2/instance',
        name: `web-${from + index}`,
        tags: { env: index % 3 === 0 ? 'production' : 'staging', team: 'platform' },
        state: 'running',
        attributes: { instanceType: 't3.micro' },
        observedAt: timestampFromDate(new Date()),
      }),
      metadata: { key: urn, tenantId },
    };
  });
}
