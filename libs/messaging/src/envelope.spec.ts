import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Provider, ResourceDiscoveredSchema } from '@codex/contracts';

import { decodeEvent, encodeEvent, MalformedEventError } from './envelope';

const resource = create(ResourceDiscoveredSchema, {
  urn: 'codex:aws:123456789012:eu-west-1:ec2/instance/i-0abc',
  tenantId: 'tenant-a',
  provider: Provider.AWS,
  resourceType: 'ec2/instance',
  name: 'web-1',
  tags: { env: 'production' },
  observedAt: timestampFromDate(new Date('2026-11-01T10:00:00Z')),
});

function asRecord(encoded: ReturnType<typeof encodeEvent>) {
  return {
    key: Buffer.from(encoded.key),
    value: encoded.value,
    headers: Object.fromEntries(
      Object.entries(encoded.headers).map(([k, v]) => [k, Buffer.from(v)]),
    ),
  };
}

describe('event envelope', () => {
  const encoded = encodeEvent(
    'resource.discovered',
    resource,
    { key: resource.urn, tenantId: 'tenant-a' },
    'engine-core',
  );

  it('carries CloudEvents attributes as ce_ headers, keyed by the aggregate', () => {
    expect(encoded.key).toBe(resource.urn);
    expect(encoded.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_source: 'engine-core',
      ce_type: 'codex.resource.discovered.v1',
      ce_subject: resource.urn,
      ce_tenantid: 'tenant-a',
      'content-type': 'application/protobuf',
    });
    expect(encoded.headers.ce_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(encoded.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
  });

  it('decodes back to the same payload and envelope', () => {
    const decoded = decodeEvent('resource.discovered', asRecord(encoded));
    expect(decoded.envelope.id).toBe(encoded.id);
    expect(decoded.payload.urn).toBe(resource.urn);
    expect(decoded.payload.tags).toEqual({ env: 'production' });
  });

  it('rejects an event of another type on the topic', () => {
    expect(() => decodeEvent('resource.deleted', asRecord(encoded))).toThrow(
      new MalformedEventError(
        'ce_type codex.resource.discovered.v1 is not codex.resource.deleted.v1',
      ),
    );
  });

  it('rejects a record without CloudEvents headers', () => {
    expect(() =>
      decodeEvent('resource.discovered', { key: Buffer.from('k'), value: Buffer.from('x') }),
    ).toThrow(/missing header ce_specversion/);
  });

  it('rejects bytes that are not the protobuf message', () => {
    const record = { ...asRecord(encoded), value: Buffer.from([0xff, 0xff, 0xff]) };
    expect(() => decodeEvent('resource.discovered', record)).toThrow(
      /payload is not a codex.events.v1.ResourceDiscovered/,
    );
  });

  it('rejects a payload that breaks the topic rules, naming each field', () => {
    const bad = encodeEvent(
      'resource.discovered',
      create(ResourceDiscoveredSchema, { urn: 'i-0abc' }),
      { key: 'i-0abc', tenantId: 't' },
      'engine-core',
    );
    expect(() => decodeEvent('resource.discovered', asRecord(bad))).toThrow(
      'invalid resource.discovered payload: urn i-0abc is not a codex URN; tenant_id is required; provider is required; resource_type is required; observed_at is required',
    );
  });
});
