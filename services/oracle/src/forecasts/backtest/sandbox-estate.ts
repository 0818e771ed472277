// A fixed estate for the sandbox bills, the shape `make sandbox-seed` reads from moto and the
// GCS sandbox (there from the running peers; here fixed, so the backtest needs none of them).
export const SANDBOX_END = '2026-11-29';

const AWS_ACCOUNT = '123456789012';

export const SANDBOX_AWS_GCP_ESTATE = {
  aws: [
    ...[
      ['payments', 'us-east-1', 'BoxUsage:m5.large', 'production'],
      ['payments', 'us-east-1', 'BoxUsage:m5.large', 'production'],
      ['data', 'us-east-1', 'BoxUsage:m5.xlarge', 'production'],
      ['web', 'us-east-1', 'BoxUsage:t3.medium', 'production'],
      ['web', 'eu-west-1', 'EU-BoxUsage:t3.small', 'dev'],
      ['data', 'ap-southeast-2', 'APS2-BoxUsage:t3.small', 'dev'],
    ].map(([team, region, usageType, env], i) => ({
      accountId: AWS_ACCOUNT,
      region,
      resourceId: `i-0a1b2c3d4e5f6070${i}`,
      productCode: 'AmazonEC2',
      usageType,
      tags: { team, env, Name: `app-${i}` },
    })),
    ...['codex-logs', 'codex-assets'].map((bucket) => ({
      accountId: AWS_ACCOUNT,
      region: 'us-east-1',
      resourceId: bucket,
      productCode: 'AmazonS3',
      usageType: 'TimedStorage-ByteHrs',
      tags: { team: 'platform', env: 'production' },
    })),
  ],
  gcp: ['codex-sandbox-analytics', 'codex-sandbox-archive', 'codex-sandbox-media'].map(
    (name, i) => ({
      projectId: 'codex-sandbox',
      projectNumber: '100000000001',
      location: i === 1 ? 'europe-west1' : 'us-central1',
      globalName: `//storage.googleapis.com/projects/_/buckets/${name}`,
      name,
      serviceId: '95FF-2EF5-5EA1',
      serviceDescription: 'Cloud Storage',
      labels: { team: 'analytics', env: i === 0 ? 'dev' : 'production' },
    }),
  ),
};

/** The cost generator's estate: the fixed AWS and GCP part, and the running VMs of the Azure sandbox. */
export function toCostEstate(
  fixed: typeof SANDBOX_AWS_GCP_ESTATE,
  machines: readonly Record<string, unknown>[],
): unknown {
  const azure = machines
    .filter((vm) => vm.power === 'running')
    .map((vm) => ({
      subscriptionId: vm.subscriptionId,
      resourceId: `/subscriptions/${String(vm.subscriptionId)}/resourceGroups/${String(vm.resourceGroup)}/providers/Microsoft.Compute/virtualMachines/${String(vm.name)}`,
      resourceGroup: vm.resourceGroup,
      name: vm.name,
      location: vm.location,
      serviceName: 'Virtual Machines',
      meterCategory: 'Virtual Machines',
      tags: vm.tags,
    }));
  return { ...fixed, azure };
}
