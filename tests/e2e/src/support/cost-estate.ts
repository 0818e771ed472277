import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { AZURE_SANDBOX, eventually, type MotoAccount } from '@codex/testing';

import type { BillDestinations, BillEstate } from './cost-bills';
import { discoverAccount, type GatewayApi } from './gateway-api';
import { seedGcs, serviceAccountKey } from './storage-estate';

export const [COST_SUBSCRIPTION] = AZURE_SANDBOX.subscriptions;

export interface CostEstate {
  accounts: { aws: string; gcp: string; azure: string };
  estate: BillEstate;
  destinations: BillDestinations;
  instanceIds: string[];
}

interface Listed {
  urn: string;
}

/**
 * Connects a test's own AWS account (moto), GCP project and Azure subscription, discovers
 * what they run, and describes it as the bills will: the EC2 instances (one per entry of
 * `instanceTags`), the project's buckets and up to `vms` Azure VMs; and where each bill goes.
 */
export async function connectCostEstate(options: {
  api: GatewayApi;
  tokens: { admin: string; operator: string; viewer: string };
  moto: MotoAccount;
  run: string;
  project: string;
  instanceTags: Record<string, string>[];
  vms?: number;
}): Promise<CostEstate> {
  const { api, tokens, moto, run, project, instanceTags } = options;
  const instances = await moto.launch(
    'us-east-1',
    instanceTags.length,
    't3.medium',
    instanceTags[0],
  );
  const gcs = await seedGcs(project, run);
  const connect = async (body: object) => {
    const answer = await api<{ id: string }>('POST', '/api/v1/accounts', tokens.admin, body);
    expect(answer.status).toBe(201);
    return answer.body.id;
  };
  const accounts = {
    aws: await connect({
      provider: 'aws',
      name: 'cost',
      regions: ['us-east-1'],
      credentials: { kind: 'assume-role', ...moto.role },
    }),
    gcp: await connect({
      provider: 'gcp',
      name: 'cost',
      projectId: project,
      credentials: { kind: 'service-account-key', keyJson: serviceAccountKey(project) },
    }),
    azure: await connect({
      provider: 'azure',
      name: 'cost',
      subscriptionId: COST_SUBSCRIPTION,
      credentials: {
        kind: 'client-secret',
        tenantId: AZURE_SANDBOX.tenantId,
        clientId: AZURE_SANDBOX.clientId,
        clientSecret: AZURE_SANDBOX.clientSecret,
      },
    }),
  };
  expect(await discoverAccount(api, tokens, accounts.aws)).toMatchObject({ status: 'succeeded' });
  expect(await discoverAccount(api, tokens, accounts.azure, 90_000)).toMatchObject({
    status: 'succeeded',
  });
  await eventually(
    async () => {
      const answer = await api<{ buckets: number }>(
        'POST',
        `/api/v1/storage/accounts/${accounts.gcp}/discoveries`,
        tokens.operator,
      );
      expect(answer.status).toBe(201);
    },
    { timeoutMs: 60_000 },
  );
  const inventory = async (query: string) => {
    const answer = await api<{ items: Listed[] }>(
      'GET',
      `/api/v1/inventory/resources?${query}&limit=500`,
      tokens.viewer,
    );
    return answer.body.items;
  };
  const vms = await eventually(async () => {
    const found = await inventory(
      `provider=azure&type=compute/virtualMachine&account=${COST_SUBSCRIPTION}`,
    );
    expect(found.length).toBeGreaterThan(3);
    return found.slice(0, options.vms ?? 6);
  });
  await eventually(async () =>
    expect((await inventory('provider=aws&type=ec2/instance')).length).toBe(instances.length),
  );
  await eventually(async () => expect((await inventory('provider=gcp')).length).toBe(2));
  const estate: BillEstate = {
    aws: instances.map((id, index) => ({
      accountId: moto.accountId,
      region: 'us-east-1',
      resourceId: id,
      productCode: 'AmazonEC2',
      usageType: 'BoxUsage:t3.medium',
      tags: instanceTags[index] ?? {},
    })),
    gcp: Object.values(gcs.names).map((name) => ({
      projectId: project,
      projectNumber: '123456789',
      location: name === gcs.names.public ? 'us-central1' : 'europe-west1',
      globalName: `//storage.googleapis.com/projects/_/buckets/${name}`,
      name,
      serviceId: '95FF-2EF5-5EA1',
      serviceDescription: 'Cloud Storage',
      labels: { team: 'analytics' },
    })),
    azure: vms.map((vm) => {
      const [, , , , rest] = vm.urn.split(':');
      const [group = '', name = ''] = (rest ?? '')
        .replace('compute/virtualMachine/', '')
        .split('/');
      return {
        subscriptionId: COST_SUBSCRIPTION,
        resourceId: `/subscriptions/${COST_SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/${name}`,
        resourceGroup: group,
        name,
        location: vm.urn.split(':')[3] ?? 'eastus',
        serviceName: 'Virtual Machines',
        meterCategory: 'Virtual Machines',
        tags: { team: 'web', env: 'production' },
      };
    }),
  };
  const s3 = new S3Client(await moto.clientConfig('us-east-1'));
  await s3.send(new CreateBucketCommand({ Bucket: `billing-${run}` }));
  const destinations: BillDestinations = {
    aws: {
      credentials: (await moto.clientConfig('us-east-1')).credentials,
      bucket: `billing-${run}`,
      prefix: 'cur',
      exportName: 'codex-cur2',
    },
    gcp: {
      projectId: project,
      datasetId: `billing_${run}`,
      tableId: 'gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9',
    },
    azure: {
      subscriptionId: COST_SUBSCRIPTION,
      storageAccount: 'codexprodassets',
      container: `cost-${run}`,
      rootFolderPath: 'focus',
      exportName: `focus-${run}`,
    },
  };
  return { accounts, estate, destinations, instanceIds: instances };
}

/** Points a cost source at each provider's bill; answers the three source ids. */
export async function createCostSources(
  api: GatewayApi,
  admin: string,
  { accounts, destinations }: Pick<CostEstate, 'accounts' | 'destinations'>,
): Promise<{ aws: string; gcp: string; azure: string }> {
  const create = async (body: object) => {
    const answer = await api<{ id: string }>('POST', '/api/v1/costs/sources', admin, body);
    expect(answer.status).toBe(201);
    return answer.body.id;
  };
  return {
    aws: await create({
      kind: 'aws-data-export',
      accountId: accounts.aws,
      bucket: destinations.aws.bucket,
      prefix: 'cur',
      exportName: 'codex-cur2',
      region: 'us-east-1',
    }),
    gcp: await create({
      kind: 'gcp-billing-export',
      accountId: accounts.gcp,
      datasetId: destinations.gcp.datasetId,
      tableId: destinations.gcp.tableId,
    }),
    azure: await create({
      kind: 'azure-cost-export',
      accountId: accounts.azure,
      exportName: destinations.azure.exportName,
    }),
  };
}
