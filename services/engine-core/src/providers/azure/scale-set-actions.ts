import type { ComputeManagementClient, VirtualMachineScaleSet } from '@azure/arm-compute';
import { verificationFailed } from '@codex/connectors';

import type { ActionOutcome, ScaleSetSummary } from '../../compute/ports';
import type { AzureOperationSettings } from './vm-actions';

/** The outcome, with the scale set as the verifying read described it and when that read answered. */
export interface ScaleSetOutcome extends ActionOutcome<ScaleSetSummary> {
  scaleSet: VirtualMachineScaleSet;
  observedAt: Date;
}

/**
 * Sets a scale set's capacity (its instance count), waits for Azure's long-running operation,
 * and confirms by reading the scale set again that Azure recorded it.
 */
export async function scaleScaleSet(
  compute: ComputeManagementClient,
  resourceGroup: string,
  name: string,
  capacity: number,
  settings: AzureOperationSettings = {},
): Promise<ScaleSetOutcome> {
  const before = summaryOf(await compute.virtualMachineScaleSets.get(resourceGroup, name));
  await compute.virtualMachineScaleSets.beginUpdateAndWait(
    resourceGroup,
    name,
    { sku: { capacity } },
    settings.pollIntervalMs === undefined ? {} : { updateIntervalInMs: settings.pollIntervalMs },
  );
  const scaleSet = await compute.virtualMachineScaleSets.get(resourceGroup, name);
  const observedAt = new Date();
  const after = summaryOf(scaleSet);
  if (after.capacity !== capacity) {
    throw verificationFailed(
      'azure',
      `Scale set ${resourceGroup}/${name} has capacity ${after.capacity}, expected ${capacity}`,
    );
  }
  return { before, after, scaleSet, observedAt };
}

function summaryOf(scaleSet: VirtualMachineScaleSet): ScaleSetSummary {
  return {
    state: scaleSet.provisioningState?.toLowerCase() ?? 'unknown',
    capacity: scaleSet.sku?.capacity ?? 0,
  };
}
