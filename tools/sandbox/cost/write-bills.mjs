#!/usr/bin/env node
// Writes a test's bills (tests/e2e/src/support/cost-bills.ts): `--plan plan.json` names the
// estate, the end day, the peers and the destinations; `--out dir` receives written.json
// ({ groundTruth, restatedPeriod }). Stages: `final` delivers every provider's bill;
// `original` delivers the restated AWS month as first billed; `redelivered` delivers the
// restatement again under a new execution id.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  azureCredential,
  bigQueryClient,
  deliverAws,
  deliverAzure,
  deliverGcp,
  s3Client,
} from './deliver.mjs';
import { generateCost } from './generate.mjs';

const { values } = parseArgs({ options: { plan: { type: 'string' }, out: { type: 'string' } } });
const plan = JSON.parse(readFileSync(values.plan, 'utf8'));
const { end, stage, estate, endpoints, destinations } = plan;
const bills = generateCost({ end, estate });
const period = bills.aws.restatedPeriod;
const s3 = s3Client(endpoints.moto, destinations.aws.credentials);
const aws = {
  bucket: destinations.aws.bucket,
  prefix: destinations.aws.prefix,
  exportName: destinations.aws.exportName,
};

if (stage === 'final') {
  await deliverAws(s3, aws, bills.aws.periods);
  await deliverGcp(
    bigQueryClient(endpoints.gcp, destinations.gcp.projectId),
    destinations.gcp,
    bills.gcp.rows,
  );
  await deliverAzure({
    armEndpoint: endpoints.azure,
    credential: azureCredential(endpoints.azure),
    destination: destinations.azure,
    periods: bills.azure.periods,
  });
} else if (stage === 'original') {
  await deliverAws(s3, aws, { [period]: bills.aws.restated[period] });
} else if (stage === 'redelivered') {
  const final = bills.aws.periods[period];
  await deliverAws(s3, aws, {
    [period]: { executionId: `${final.executionId}-redelivered`, rows: final.rows },
  });
} else {
  throw new Error(`stage '${stage}' is not final, original or redelivered`);
}
writeFileSync(
  join(values.out, 'written.json'),
  JSON.stringify({
    groundTruth: bills.groundTruth,
    restatedPeriod: period,
    anomalies: bills.anomalies,
  }),
);
