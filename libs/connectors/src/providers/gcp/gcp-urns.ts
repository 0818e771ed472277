import { urnCodec } from '../../urns/resource-urn';

export const GCP_RESOURCE_TYPES = ['storage/bucket'] as const;
export type GcpResourceType = (typeof GCP_RESOURCE_TYPES)[number];

/** GCP resources: `codex:gcp:<project>:<location, lower case>:storage/bucket/<name>`. */
export const gcpUrns = urnCodec<GcpResourceType>('gcp', GCP_RESOURCE_TYPES);
