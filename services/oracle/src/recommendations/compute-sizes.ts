import { azureVmHourlyListPrice, ec2InstanceFamily, ec2InstanceSizes } from '@codex/contracts';

/** A priced compute size: what rightsizing compares. */
export interface ComputeSize {
  name: string;
  /** Sizes of one family differ only in scale, so moving between them is a plain resize. */
  family: string;
  vcpus: number;
  memoryGib: number;
  hourly: number;
}

/** Every EC2 size the price book has in a region. */
export function ec2Sizes(region: string): ComputeSize[] {
  return ec2InstanceSizes(region).map((size) => ({
    name: size.instanceType,
    family: ec2InstanceFamily(size.instanceType),
    vcpus: size.vcpus,
    memoryGib: size.memoryGib,
    hourly: size.hourlyUsd,
  }));
}

/** vCPUs and memory of the Azure sizes the price book prices (Azure's size documentation). */
const AZURE_SHAPES: Readonly<Record<string, { vcpus: number; memoryGib: number }>> = {
  Standard_B1s: { vcpus: 1, memoryGib: 1 },
  Standard_B2s: { vcpus: 2, memoryGib: 4 },
  Standard_B2ms: { vcpus: 2, memoryGib: 8 },
  Standard_D2s_v5: { vcpus: 2, memoryGib: 8 },
  Standard_D4s_v5: { vcpus: 4, memoryGib: 16 },
  Standard_D8s_v5: { vcpus: 8, memoryGib: 32 },
  Standard_E2s_v5: { vcpus: 2, memoryGib: 16 },
  Standard_E4s_v5: { vcpus: 4, memoryGib: 32 },
  Standard_F2s_v2: { vcpus: 2, memoryGib: 4 },
  Standard_F4s_v2: { vcpus: 4, memoryGib: 8 },
};

/** An Azure size's series: its name without the vCPU count (`Standard_D4s_v5` → `Standard_Ds_v5`). */
export function azureSeries(size: string): string {
  return size.replace(/^((?:Standard|Basic)_[A-Za-z]+)\d+/, '$1');
}

/** Every Azure VM size with a known shape and a list price in the region. */
export function azureVmSizes(region: string): ComputeSize[] {
  return Object.entries(AZURE_SHAPES).flatMap(([name, shape]) => {
    const hourly = azureVmHourlyListPrice(region, name);
    return hourly === undefined ? [] : [{ name, family: azureSeries(name), ...shape, hourly }];
  });
}
