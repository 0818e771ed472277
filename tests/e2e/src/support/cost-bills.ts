import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env as inherited } from 'node:process';

import { localInfra, REPO_ROOT } from '@codex/testing';

/** The resources a test's bills charge for, as the providers name them. */
export interface BillEstate {
  aws: {
    accountId: string;
    region: string;
    resourceId: string;
    productCode: string;
    usageType: string;
    tags: Record<string, string>;
  }[];
  gcp: {
    projectId: string;
    projectNumber: string;
    location: string;
    globalName: string;
    name: string;
    serviceId: string;
    serviceDescription: string;
    labels: Record<string, string>;
  }[];
  azure: {
    subscriptionId: string;
    resourceId: string;
    resourceGroup: string;
    name: string;
    location: string;
    serviceName: string;
    meterCategory: string;
    tags: Record<string, string>;
  }[];
}

/** Where each provider's bill is delivered. */
export interface BillDestinations {
  aws: {
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    bucket: string;
    prefix: string;
    exportName: string;
  };
  gcp: { projectId: string; datasetId: string; tableId: string };
  azure: {
    subscriptionId: string;
    storageAccount: string;
    container: string;
    rootFolderPath: string;
    exportName: string;
  };
}

export interface GroundTruthTotal {
  provider: 'aws' | 'gcp' | 'azure';
  billingPeriod: string;
  currency: string;
  billed: string;
  effective: string;
}

export interface PlantedAnomaly {
  id: string;
  provider: 'aws' | 'gcp' | 'azure';
  kind: 'spike' | 'tag_wide' | 'level_shift' | 'drop';
  start: string;
  end: string;
  rootCause: { dimension: 'resource' | 'tag'; value: string };
  expectedImpactUsd: number;
}

export interface WrittenBills {
  groundTruth: { totals: GroundTruthTotal[] };
  /** The AWS month delivered first in its original version, then restated. */
  restatedPeriod: string;
  /** What tools/sandbox/cost planted in the bills, with the root cause each has. */
  anomalies: PlantedAnomaly[];
  out: string;
}

/**
 * Writes 90 days of bills for the estate into the peers with tools/sandbox/cost (the same
 * generator `make sandbox-seed` uses), as a child process: that code is plain ES modules.
 * `stage` `original` delivers the restated month as first billed; `final` restates it.
 */
export function writeBills(
  estate: BillEstate,
  destinations: BillDestinations,
  options: { end: string; stage: 'original' | 'final' | 'redelivered'; out?: string },
): WrittenBills {
  const out = options.out ?? mkdtempSync(join(tmpdir(), 'codex-bills-'));
  const plan = join(out, 'plan.json');
  const infra = localInfra();
  writeFileSync(
    plan,
    JSON.stringify({
      end: options.end,
      stage: options.stage,
      estate,
      endpoints: { moto: infra.motoUrl, gcp: infra.gcsSandboxUrl, azure: infra.azureSandboxUrl },
      destinations,
    }),
  );
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'tools/sandbox/cost/write-bills.mjs'), '--plan', plan, '--out', out],
    {
      env: { ...inherited, NODE_EXTRA_CA_CERTS: infra.azureSandboxCa },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const written = JSON.parse(readFileSync(join(out, 'written.json'), 'utf8')) as Omit<
    WrittenBills,
    'out'
  >;
  return { ...written, out };
}
