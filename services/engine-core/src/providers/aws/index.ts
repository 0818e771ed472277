import { awsUrns } from '@codex/connectors';

export { AWS_COMPUTE, AwsProviderModule } from './aws-provider.module';
export { AwsComputeActions } from './compute-actions';
export { type DiscoverySettings } from './compute-discovery';
export { type CpuMetricsSettings } from './cpu-metrics';

/** The address inside an AWS compute URN, or undefined when the text is not one. */
export const parseAwsResourceUrn = (urn: string) => awsUrns.parse(urn);
