import { azureUrns } from '@codex/connectors';

export { AZURE_COMPUTE, AzureProviderModule } from './azure-provider.module';
export { AzureComputeActions } from './compute-actions';
export { type AzureCpuMetricsSettings } from './cpu-metrics';

/** The address inside an Azure compute URN, or undefined when the text is not one. */
export const parseAzureResourceUrn = (urn: string) => azureUrns.parse(urn);
