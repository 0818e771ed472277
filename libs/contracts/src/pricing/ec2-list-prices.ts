/**
 * Hourly on-demand list prices of common EC2 instance types, with their vCPUs and memory, used
 * to size an instance down and price the saving. Linux, shared tenancy, USD per hour, before any
 * savings plan, reservation or discount; compute only (EBS, traffic and IPs are billed apart).
 *
 * Source: the EC2 On-Demand pricing page and the Price List API (`AmazonEC2`, `us-east-1`,
 * operatingSystem Linux, tenancy Shared, preInstalledSw NA, capacitystatus Used), as quoted by
 * public price tables; compiled on {@link EC2_LIST_PRICES_AS_OF}, not fetched live. Only
 * us-east-1 is listed: other regions differ by a few per cent and are left unknown rather
 * than guessed.
 */
export const EC2_LIST_PRICES_AS_OF = '2026-11-30';

export const EC2_LIST_PRICES_SOURCE = 'AWS EC2 On-Demand list prices, Linux, shared tenancy';

export interface Ec2InstanceSize {
  instanceType: string;
  vcpus: number;
  memoryGib: number;
  hourlyUsd: number;
}

const size = (instanceType: string, vcpus: number, memoryGib: number, hourlyUsd: number) => ({
  instanceType,
  vcpus,
  memoryGib,
  hourlyUsd,
});

const US_EAST_1: readonly Ec2InstanceSize[] = [
  size('t3.nano', 2, 0.5, 0.0052),
  size('t3.micro', 2, 1, 0.0104),
  size('t3.small', 2, 2, 0.0208),
  size('t3.medium', 2, 4, 0.0416),
  size('t3.large', 2, 8, 0.0832),
  size('t3.xlarge', 4, 16, 0.1664),
  size('t3.2xlarge', 8, 32, 0.3328),
  size('m5.large', 2, 8, 0.096),
  size('m5.xlarge', 4, 16, 0.192),
  size('m5.2xlarge', 8, 32, 0.384),
  size('m5.4xlarge', 16, 64, 0.768),
  size('m6i.large', 2, 8, 0.096),
  size('m6i.xlarge', 4, 16, 0.192),
  size('m6i.2xlarge', 8, 32, 0.384),
  size('c5.large', 2, 4, 0.085),
  size('c5.xlarge', 4, 8, 0.17),
  size('c5.2xlarge', 8, 16, 0.34),
  size('c5.4xlarge', 16, 32, 0.68),
  size('r5.large', 2, 16, 0.126),
  size('r5.xlarge', 4, 32, 0.252),
  size('r5.2xlarge', 8, 64, 0.504),
];

const BY_REGION: Readonly<Record<string, readonly Ec2InstanceSize[]>> = { 'us-east-1': US_EAST_1 };

/** An instance type's family: what comes before the dot (`m5.xlarge` → `m5`). */
export function ec2InstanceFamily(instanceType: string): string {
  return instanceType.split('.')[0] ?? instanceType;
}

/** Every priced size of a region; empty when the price book has none there. */
export function ec2InstanceSizes(region: string): readonly Ec2InstanceSize[] {
  return BY_REGION[region] ?? [];
}

/** One size of a region, undefined when the price book does not have it. */
export function ec2InstanceSize(region: string, instanceType: string): Ec2InstanceSize | undefined {
  return ec2InstanceSizes(region).find((known) => known.instanceType === instanceType);
}
