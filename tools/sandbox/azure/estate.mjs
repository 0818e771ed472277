// The seeded Azure estate: tenant, service principals, subscriptions, resource
// groups, VMs, scale sets and storage accounts. Deterministic: the same options give
// the same estate.
import { createHash } from 'node:crypto';

import { mulberry32 } from '../rng.mjs';

export const TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';
export const CLIENTS = [
  // Owner on both subscriptions.
  {
    clientId: '0a1b2c3d-0000-4000-8000-000000000001',
    secret: 'sandbox-secret',
    subscriptions: 'all',
  },
  // Granted on the first subscription only: the second answers AuthorizationFailed.
  {
    clientId: '0a1b2c3d-0000-4000-8000-000000000002',
    secret: 'sandbox-secret',
    subscriptions: ['11111111-0000-4000-8000-000000000001'],
  },
  // Owner on both subscriptions; proves itself with a certificate only (no secret): the
  // certificate in client-cert.pem of the TLS directory (made by tls.sh), trusted by thumbprint.
  {
    clientId: '0a1b2c3d-0000-4000-8000-000000000003',
    certificateFile: 'client-cert.pem',
    subscriptions: 'all',
  },
];

export const SUBSCRIPTIONS = [
  {
    subscriptionId: '11111111-0000-4000-8000-000000000001',
    displayName: 'Codex Sandbox Production',
    groups: [
      ['rg-payments-prod', 'eastus', 'production'],
      ['rg-web-prod', 'westeurope', 'production'],
      ['rg-web-staging', 'westeurope', 'staging'],
    ],
  },
  {
    subscriptionId: '22222222-0000-4000-8000-000000000002',
    displayName: 'Codex Sandbox Development',
    groups: [
      ['rg-data-dev', 'eastus2', 'dev'],
      ['rg-ml-dev', 'southeastasia', 'dev'],
      ['rg-analytics-prod', 'northeurope', 'production'],
    ],
  },
];

export const LOCATIONS = ['eastus', 'eastus2', 'westeurope', 'northeurope', 'southeastasia'];

// family: sizes of one family share hardware, so a running VM can move between
// them; moving to another family needs the VM deallocated first.
export const VM_SIZES = [
  ['Standard_B1s', 'B', 1, 1024, 2, 4096],
  ['Standard_B2s', 'B', 2, 4096, 4, 8192],
  ['Standard_B2ms', 'B', 2, 8192, 4, 16384],
  ['Standard_D2s_v5', 'D', 2, 8192, 4, 0],
  ['Standard_D4s_v5', 'D', 4, 16384, 8, 0],
  ['Standard_D8s_v5', 'D', 8, 32768, 16, 0],
  ['Standard_E2s_v5', 'E', 2, 16384, 4, 0],
  ['Standard_E4s_v5', 'E', 4, 32768, 8, 0],
  ['Standard_F2s_v2', 'F', 2, 4096, 4, 16384],
  ['Standard_F4s_v2', 'F', 4, 8192, 8, 32768],
].map(([name, family, numberOfCores, memoryInMB, maxDataDiskCount, resourceDiskSizeInMB]) => ({
  name,
  family,
  numberOfCores,
  osDiskSizeInMB: 1047552,
  resourceDiskSizeInMB,
  memoryInMB,
  maxDataDiskCount,
}));

export const sizeByName = (name) =>
  VM_SIZES.find((s) => s.name.toLowerCase() === String(name).toLowerCase());

const IMAGES = {
  Linux: {
    publisher: 'Canonical',
    offer: '0001-com-ubuntu-server-jammy',
    sku: '22_04-lts-gen2',
    version: 'latest',
    exactVersion: '22.04.202409120',
  },
  Windows: {
    publisher: 'MicrosoftWindowsServer',
    offer: 'WindowsServer',
    sku: '2022-datacenter-azure-edition',
    version: 'latest',
    exactVersion: '20348.2700.240906',
  },
};
export const imageFor = (osType) => IMAGES[osType];

const ROLES = ['api', 'web', 'worker', 'db', 'cache', 'batch', 'etl', 'jump'];
const TEAMS = ['payments', 'platform', 'data', 'web'];
const SMALL_SIZES = [
  'Standard_B1s',
  'Standard_B2s',
  'Standard_B2ms',
  'Standard_D2s_v5',
  'Standard_D4s_v5',
  'Standard_D8s_v5',
  'Standard_E2s_v5',
  'Standard_E4s_v5',
  'Standard_F2s_v2',
  'Standard_F4s_v2',
];

/**
 * Builds the estate. `vms` VMs are spread round-robin over the six resource
 * groups (44 by default); about one in seven is stopped or deallocated.
 * `now` stamps creation times and the start of the CPU week.
 */
export function buildEstate({ vms = 44, seed = 42, now = Date.now() } = {}) {
  const random = mulberry32(seed);
  const groups = SUBSCRIPTIONS.flatMap((s) =>
    s.groups.map(([name, location, env]) => ({
      subscriptionId: s.subscriptionId,
      name,
      location,
      env,
    })),
  );
  const machines = [];
  for (let i = 0; i < vms; i++) {
    const g = groups[i % groups.length];
    const role = ROLES[Math.floor(random() * ROLES.length)];
    const osType = role === 'jump' || random() < 0.15 ? 'Windows' : 'Linux';
    const size = SMALL_SIZES[Math.floor(random() * SMALL_SIZES.length)];
    const roll = random();
    const power = roll < 0.08 ? 'deallocated' : roll < 0.14 ? 'stopped' : 'running';
    const name = `vm-${g.env.slice(0, 4)}-${role}-${String(i + 1).padStart(vms > 999 ? 5 : 3, '0')}`;
    machines.push({
      subscriptionId: g.subscriptionId,
      resourceGroup: g.name,
      name,
      location: g.location,
      zone: String(1 + (i % 3)),
      size,
      osType,
      tags: { env: g.env, team: TEAMS[i % TEAMS.length], role },
      power,
      cpuBase: g.env === 'production' ? 35 + random() * 30 : 2 + random() * 12,
      created: now - (8 + Math.floor(random() * 300)) * 86400_000,
      stoppedAt: power === 'running' ? null : now - (1 + Math.floor(random() * 48)) * 3600_000,
      dataDisks: Math.floor(random() * 3),
    });
  }
  const scaleSets = [
    {
      subscriptionId: SUBSCRIPTIONS[0].subscriptionId,
      resourceGroup: 'rg-web-prod',
      name: 'vmss-web-prod',
      location: 'westeurope',
      size: 'Standard_D2s_v5',
      capacity: 4,
      osType: 'Linux',
      tags: { env: 'production', team: 'web' },
      created: now - 120 * 86400_000,
    },
    {
      subscriptionId: SUBSCRIPTIONS[1].subscriptionId,
      resourceGroup: 'rg-data-dev',
      name: 'vmss-batch-dev',
      location: 'eastus2',
      size: 'Standard_F4s_v2',
      capacity: 2,
      osType: 'Linux',
      tags: { env: 'dev', team: 'data' },
      created: now - 40 * 86400_000,
    },
  ];
  return { seededAt: now, machines, scaleSets };
}

// Storage accounts (Microsoft.Storage). Their blob data plane is Azurite
// (tools/infra/servers/azurite.sh serves every account below through
// AZURITE_ACCOUNTS, built by azurite-accounts.mjs), at
// http://127.0.0.1:$AZURITE_BLOB_PORT/<name>/. Each account has two fixed keys: 64
// bytes, base64, the SHA-512 of "codex-sandbox/<name>/key1" (and key2), so they never
// change and anyone can recompute them; import them from here rather than copying.
const storageKey = (name, keyName) =>
  createHash('sha512').update(`codex-sandbox/${name}/${keyName}`).digest('base64');

/** Azurite's own emulator account, kept for the health check and existing clients. */
export const AZURITE_DEV_ACCOUNT = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
};

export const STORAGE_ACCOUNTS = [
  {
    name: 'codexprodassets',
    subscriptionId: SUBSCRIPTIONS[0].subscriptionId,
    resourceGroup: 'rg-payments-prod',
    location: 'eastus',
    tags: { env: 'production', team: 'payments' },
    sku: 'Standard_GRS',
    kind: 'StorageV2',
    accessTier: 'Hot',
    allowBlobPublicAccess: true,
    minimumTlsVersion: 'TLS1_2',
    enableHttpsTrafficOnly: true,
    requireInfrastructureEncryption: false,
    blobService: {
      isVersioningEnabled: false,
      deleteRetentionPolicy: { enabled: false },
      containerDeleteRetentionPolicy: { enabled: false },
    },
    createdDaysAgo: 400,
  },
  {
    name: 'codexwebstatic',
    subscriptionId: SUBSCRIPTIONS[0].subscriptionId,
    resourceGroup: 'rg-web-prod',
    location: 'westeurope',
    tags: { env: 'production', team: 'web' },
    sku: 'Standard_LRS',
    kind: 'StorageV2',
    accessTier: 'Hot',
    allowBlobPublicAccess: true,
    minimumTlsVersion: 'TLS1_0',
    enableHttpsTrafficOnly: false,
    requireInfrastructureEncryption: false,
    blobService: {
      isVersioningEnabled: false,
      deleteRetentionPolicy: { enabled: true, days: 7 },
      containerDeleteRetentionPolicy: { enabled: false },
    },
    createdDaysAgo: 250,
  },
  {
    name: 'codexdevdata',
    subscriptionId: SUBSCRIPTIONS[1].subscriptionId,
    resourceGroup: 'rg-data-dev',
    location: 'eastus2',
    tags: { env: 'dev', team: 'data' },
    sku: 'Standard_LRS',
    kind: 'StorageV2',
    accessTier: 'Cool',
    allowBlobPublicAccess: false,
    minimumTlsVersion: 'TLS1_2',
    enableHttpsTrafficOnly: true,
    requireInfrastructureEncryption: true,
    blobService: {
      isVersioningEnabled: true,
      deleteRetentionPolicy: { enabled: true, days: 14 },
      containerDeleteRetentionPolicy: { enabled: true, days: 7 },
    },
    createdDaysAgo: 90,
  },
  {
    name: 'codexmlarchive',
    subscriptionId: SUBSCRIPTIONS[1].subscriptionId,
    resourceGroup: 'rg-ml-dev',
    location: 'southeastasia',
    tags: { env: 'dev', team: 'data' },
    sku: 'Standard_ZRS',
    kind: 'BlobStorage',
    accessTier: 'Cool',
    allowBlobPublicAccess: false,
    minimumTlsVersion: 'TLS1_1',
    enableHttpsTrafficOnly: true,
    requireInfrastructureEncryption: false,
    blobService: {
      isVersioningEnabled: false,
      deleteRetentionPolicy: { enabled: false },
      containerDeleteRetentionPolicy: { enabled: false },
    },
    createdDaysAgo: 30,
  },
].map((account) => ({
  ...account,
  keys: { key1: storageKey(account.name, 'key1'), key2: storageKey(account.name, 'key2') },
}));

export const storageAccountByName = (name) =>
  STORAGE_ACCOUNTS.find((a) => a.name === String(name).toLowerCase());

/** The AZURITE_ACCOUNTS value: the emulator account, then every estate account with both keys. */
export const azuriteAccounts = () =>
  [
    `${AZURITE_DEV_ACCOUNT.name}:${AZURITE_DEV_ACCOUNT.key}`,
    ...STORAGE_ACCOUNTS.map((a) => `${a.name}:${a.keys.key1}:${a.keys.key2}`),
  ].join(';');
