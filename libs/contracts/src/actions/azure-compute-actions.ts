import { z } from 'zod';

import { azureVmListPrice } from '../pricing/azure-vm-list-prices';
import {
  type ActionDefinition,
  noParams,
  type PlannedChange,
  type PlanTarget,
  type ResourceTypeActions,
} from './action-catalogue';

const EXECUTOR = 'engine-core';

const SIZE_MESSAGE = 'expected an Azure VM size such as Standard_D4s_v5';

/**
 * Azure's size names: `Standard_D4s_v5`, `Standard_B1ls`, `Standard_E64-16s_v5`,
 * `Standard_NC24ads_A100_v4`, `Basic_A0`.
 */
const vmSize = z
  .string({ error: SIZE_MESSAGE })
  .max(64, SIZE_MESSAGE)
  .regex(/^(Standard|Basic)_[A-Z]+\d+[A-Za-z0-9-]*(_[A-Za-z0-9]+)*$/, SIZE_MESSAGE);

const resizeParams = z.object({ vmSize }).strict();

const CAPACITY_MESSAGE = 'expected a whole number from 0 to 1000';

const scaleParams = z
  .object({
    capacity: z
      .number({ error: CAPACITY_MESSAGE })
      .int(CAPACITY_MESSAGE)
      .min(0, CAPACITY_MESSAGE)
      .max(1000, CAPACITY_MESSAGE),
  })
  .strict();

/**
 * A size's family: the letters after `Standard_` (or `Basic_`) up to the first digit, in upper
 * case: `Standard_D4s_v5` → `D`, `Standard_NC24ads_A100_v4` → `NC`. Undefined for anything else.
 */
export function azureVmSizeFamily(size: string): string | undefined {
  return /^(?:Standard|Basic)_([A-Za-z]+)\d/i.exec(size)?.[1]?.toUpperCase();
}

/**
 * Whether moving a VM from one size to another needs it deallocated first, by Codex's rule: when
 * the two sizes are of different families. Azure's real rule is the hardware cluster the VM runs
 * on: a VM that is not deallocated can move only to a size that cluster offers (Azure lists them
 * as the VM's available sizes). Sizes of one family nearly always share a cluster, sizes of
 * different families often do not, so the family is an approximation an approver can follow
 * without asking Azure. The executor checks Azure's own list first: it resizes in place whenever
 * Azure offers the size, deallocates only when the plan said so (a different family), and
 * otherwise refuses rather than deallocate a VM the approver did not expect to go down.
 * An unknown current size counts as another family.
 */
export function azureResizeNeedsDeallocation(from: string | undefined, to: string): boolean {
  const before = from === undefined ? undefined : azureVmSizeFamily(from);
  return before === undefined || before !== azureVmSizeFamily(to);
}

/** The power states in which Azure counts a VM as running (it is started again after a resize). */
export function azureVmIsRunning(state: string): boolean {
  return state === 'running' || state === 'starting';
}

/** The region of the target: the caller's, else the URN's (`codex:azure:<sub>:<region>:…`). */
function regionOf(target: PlanTarget): string {
  return target.region ?? target.urn.split(':')[3] ?? 'unknown';
}

function stateChange(to: string, step: string) {
  return (target: PlanTarget) => ({
    changes: [{ field: 'state', from: target.state, to }],
    steps: [step],
  });
}

const start: ActionDefinition<typeof noParams> = {
  summary: 'Start a stopped or deallocated VM',
  params: noParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'low',
  productionNeedsApproval: true,
  plan: stateChange('running', 'start the VM'),
};

const stop: ActionDefinition<typeof noParams> = {
  summary:
    'Power off a VM; it keeps its hardware, so Azure keeps billing its compute until it is deallocated',
  params: noParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'medium',
  productionNeedsApproval: true,
  plan: stateChange('stopped', 'power off the VM (its compute is still billed)'),
};

const deallocate: ActionDefinition<typeof noParams> = {
  summary:
    'Stop a VM and release its hardware: compute billing stops, disks are kept, a dynamic public IP is released',
  params: noParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'medium',
  productionNeedsApproval: true,
  plan: stateChange('deallocated', 'deallocate the VM'),
};

const restart: ActionDefinition<typeof noParams> = {
  summary: 'Restart a running VM in place (Azure refuses to restart a VM that is not running)',
  params: noParams,
  executor: EXECUTOR,
  reversible: false,
  risk: 'medium',
  productionNeedsApproval: true,
  plan: (target) => ({
    changes: [],
    steps:
      target.state === 'running'
        ? ['restart the VM']
        : [`restart the VM (Azure will refuse: the VM is ${target.state}, not running)`],
  }),
};

/**
 * The resize plan: the size change, the hourly list prices of both sizes, and the steps, which
 * say when the VM is deallocated first (see {@link azureResizeNeedsDeallocation}).
 */
function planResize(target: PlanTarget, to: string) {
  const current = target.attributes.vmSize;
  const from = typeof current === 'string' ? current : undefined;
  const region = regionOf(target);
  const changes: PlannedChange[] = [
    { field: 'vmSize', from: from ?? null, to },
    {
      field: 'hourlyListPrice',
      from: from === undefined ? null : azureVmListPrice(region, from),
      to: azureVmListPrice(region, to),
    },
  ];
  if (from === to) return { changes, steps: [`nothing to do: the VM is already ${to}`] };
  const running = azureVmIsRunning(target.state);
  if (!azureResizeNeedsDeallocation(from, to)) {
    return {
      changes,
      steps: [
        running
          ? `change its size to ${to} (Azure restarts the running VM onto it)`
          : `change its size to ${to}`,
      ],
    };
  }
  if (target.state === 'deallocated') return { changes, steps: [`change its size to ${to}`] };
  if (!running) changes.push({ field: 'state', from: target.state, to: 'deallocated' });
  return {
    changes,
    steps: [
      'deallocate the VM',
      `change its size to ${to}`,
      ...(running ? ['start it again'] : []),
    ],
  };
}

const resize: ActionDefinition<typeof resizeParams> = {
  summary:
    'Change the VM size; a running VM restarts onto it, and is deallocated and started again when the size is of another family',
  params: resizeParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'high',
  productionNeedsApproval: true,
  plan: (target, { vmSize: to }) => planResize(target, to),
};

const scale: ActionDefinition<typeof scaleParams> = {
  summary: "Set a scale set's instance count (capacity)",
  params: scaleParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'medium',
  productionNeedsApproval: true,
  plan: (target, { capacity }) => ({
    changes: [{ field: 'capacity', from: target.attributes.capacity ?? null, to: capacity }],
    steps: [`set the scale set's capacity to ${capacity}`],
  }),
};

/** Virtual machines and scale sets, executed by engine-core. */
export const AZURE_COMPUTE_ACTIONS: readonly ResourceTypeActions[] = [
  {
    provider: 'azure',
    resourceType: 'compute/virtualMachine',
    actions: { start, stop, deallocate, restart, resize },
  },
  {
    provider: 'azure',
    resourceType: 'compute/virtualMachineScaleSet',
    actions: { scale },
  },
];
