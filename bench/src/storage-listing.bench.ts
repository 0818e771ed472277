import { performance } from 'node:perf_hooks';

import { startPlatform } from '@codex/testing';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';
import { seconds, sleep } from './durations';
import { type Api, signIn } from './gateway-client';
import {
  type Listing,
  type ListingAccess,
  listingAccess,
  OBJECTS,
  PREFIX,
  REGION,
  s3Of,
  sdkListing,
  seedListingBucket,
} from './storage-listing-estate';

/*
 * Listing one S3 prefix of BENCH_STORAGE_OBJECTS objects (moto) through the gateway, page by
 * page on great-library's opaque cursor, against the floor: the AWS SDK's own ListObjectsV2
 * paging of the same prefix straight to moto. Both ask for 1000 keys a page and list every key
 * (no delimiter); the two alternate, BENCH_STORAGE_ROUNDS times, on the same moto state.
 */

const ROUNDS = Number(process.env.BENCH_STORAGE_ROUNDS ?? 5);
const PAGE = 1000;
const TARGET = 1.3;

interface ObjectPage {
  prefixes: string[];
  objects: { key: string }[];
  nextCursor: string | null;
}

interface Round {
  floor: Listing;
  codex: Listing;
  ratio: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};

async function registerAccount(api: Api, access: ListingAccess): Promise<string> {
  const connected = await api<{ id: string }>('POST', '/api/v1/accounts', {
    provider: 'aws',
    name: `bench-storage-${access.accountId}`,
    regions: [REGION],
    credentials: { kind: 'assume-role', ...access.role },
  });
  if (connected.status !== 201) {
    throw new Error(`registering the account answered ${connected.status}`);
  }
  return connected.body.id;
}

/** POST …/discoveries until great-library learned of the account (account.connected). */
async function discover(api: Api, accountId: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const started = performance.now();
    const answer = await api<{ buckets: number; objects: number }>(
      'POST',
      `/api/v1/storage/accounts/${accountId}/discoveries`,
    );
    if (answer.status === 201) {
      return { ...answer.body, seconds: (performance.now() - started) / 1000 };
    }
    if (answer.status !== 404 || Date.now() > deadline) {
      throw new Error(`discovery answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    await sleep(200);
  }
}

async function bucketId(api: Api, accountId: string, name: string): Promise<string> {
  const answer = await api<{ items: { id: string; name: string }[] }>(
    'GET',
    `/api/v1/storage/buckets?accountId=${accountId}`,
  );
  const bucket = answer.body.items.find((item) => item.name === name);
  if (!bucket) throw new Error(`discovery found no bucket ${name}: ${JSON.stringify(answer)}`);
  return bucket.id;
}

/** Codex: the gateway's object listing, limit 1000, following nextCursor to the end. */
async function codexListing(api: Api, id: string): Promise<Listing> {
  const started = performance.now();
  let keys = 0;
  let pages = 0;
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ prefix: PREFIX, delimiter: '', limit: String(PAGE) });
    if (cursor) query.set('cursor', cursor);
    const page = await api<ObjectPage>(
      'GET',
      `/api/v1/storage/buckets/${id}/objects?${query.toString()}`,
    );
    if (page.status !== 200) {
      throw new Error(`page ${pages + 1} answered ${page.status}: ${JSON.stringify(page.body)}`);
    }
    keys += page.body.objects.length + page.body.prefixes.length;
    pages += 1;
    cursor = page.body.nextCursor;
  } while (cursor);
  return { seconds: (performance.now() - started) / 1000, keys, pages };
}

async function main(): Promise<void> {
  const access = listingAccess();
  console.log(
    `seeding moto bucket ${access.bucket} of account ${access.accountId} (${OBJECTS} objects under ${PREFIX}, skipped when an earlier run seeded it) and starting the platform`,
  );
  const [platform, seeded] = await Promise.all([
    startPlatform({
      env: { LOG_LEVEL: 'warn' },
      serviceEnv: {
        // The discovery answers when it has counted the bucket, which outlasts the default 30 s.
        gateway: { RATE_LIMIT_TENANT_REQUESTS: '100000000', UPSTREAM_TIMEOUT_MS: '900000' },
        'engine-core': { DISCOVERY_INTERVAL_MINUTES: '0' },
        'great-library': { STORAGE_DISCOVERY_INTERVAL_MINUTES: '0' },
      },
    }),
    seedListingBucket(access),
  ]);
  console.log(
    seeded === null
      ? 'the bucket was seeded by an earlier run'
      : `seeded ${OBJECTS} objects in ${seeded.toFixed(0)} s`,
  );
  const s3 = await s3Of(access);
  try {
    let api = await signIn(platform.gatewayUrl);
    const accountId = await registerAccount(api, access);
    const discovery = await discover(api, accountId);
    console.log(`discovery: ${JSON.stringify(discovery)}`);
    const id = await bucketId(api, accountId, access.bucket);

    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // A fresh token each round: a run outlasts the built-in issuer's access tokens.
      api = await signIn(platform.gatewayUrl);
      // Alternating which goes first spreads moto's drift over both.
      let floor: Listing;
      let codex: Listing;
      if (round % 2 === 0) {
        floor = await sdkListing(s3, access.bucket);
        codex = await codexListing(api, id);
      } else {
        codex = await codexListing(api, id);
        floor = await sdkListing(s3, access.bucket);
      }
      if (floor.keys !== OBJECTS || codex.keys !== floor.keys) {
        throw new Error(
          `round ${round + 1}: the SDK listed ${floor.keys} keys, Codex ${codex.keys}, ${OBJECTS} were seeded`,
        );
      }
      const ratio = codex.seconds / floor.seconds;
      rounds.push({ floor, codex, ratio });
      console.log(
        `round ${round + 1}: floor ${seconds(floor.seconds * 1000)} s (${floor.pages} pages), Codex ${seconds(codex.seconds * 1000)} s (${codex.pages} pages), ratio ${ratio.toFixed(2)}`,
      );
    }

    const floorMedian = median(rounds.map((round) => round.floor.seconds));
    const codexMedian = median(rounds.map((round) => round.codex.seconds));
    const ratioMedian = median(rounds.map((round) => round.ratio));
    const pages = rounds[0]?.codex.pages ?? 0;
    // moto drifts by more than Codex adds: the median of each round's difference, not of the medians.
    const perPageMs =
      (median(rounds.map((round) => round.codex.seconds - round.floor.seconds)) * 1000) / pages;
    console.log(
      JSON.stringify({ floorMedian, codexMedian, ratioMedian, perPageMs, rounds, discovery }),
    );
    const s = (value: number) => value.toFixed(1);
    await appendResult(
      'bench-storage (listing)',
      [
        `Machine: ${machineDescription()}. Command: \`make bench-storage\` (BENCH_STORAGE_OBJECTS=${OBJECTS}, BENCH_STORAGE_ROUNDS=${ROUNDS}). moto, PostgreSQL, Kafka, Redis, the six services and the client share the machine.`,
        '',
        `One S3 bucket on moto (\`${access.bucket}\`, account ${access.accountId}) holding ${OBJECTS} one-byte objects under \`${PREFIX}\`, ${seeded === null ? 'seeded by an earlier run (a marker object says so; the bench then skips the seeding)' : `seeded in ${seeded.toFixed(0)} s by PutObject 32 at a time (not timed)`}, connected through the gateway as an assume-role account and discovered (${discovery.objects} objects counted in ${s(discovery.seconds)} s). Each round lists the whole prefix twice, in alternating order: the floor, \`@aws-sdk/client-s3\` ListObjectsV2 with MaxKeys ${PAGE} straight to moto following NextContinuationToken; and Codex, \`GET /api/v1/storage/buckets/{id}/objects?prefix=${PREFIX}&delimiter=&limit=${PAGE}\` through the gateway following \`nextCursor\` (each page: the gateway's auth and rate limit, great-library opening the bucket and its account, one ListObjectsV2 to moto, JSON). Both listed ${OBJECTS} keys in every round, in ${pages} pages. Target: Codex ÷ floor ≤ ${TARGET}.`,
        '',
        '| round | floor (SDK → moto) | Codex (gateway → great-library → moto) | Codex ÷ floor |',
        '|---|---|---|---|',
        ...rounds.map(
          (round, index) =>
            `| ${index + 1}${index % 2 ? ' (Codex first)' : ''} | ${s(round.floor.seconds)} s | ${s(round.codex.seconds)} s | ${round.ratio.toFixed(2)} |`,
        ),
        `| **median** | **${s(floorMedian)} s** | **${s(codexMedian)} s** | **${ratioMedian.toFixed(2)}** ${ratioMedian <= TARGET ? '✓' : '✗'} |`,
        '',
        `Codex adds ${perPageMs.toFixed(0)} ms a page over the floor (the median of the rounds' differences ÷ ${pages} pages); moto walks and sorts every key under the prefix for each ListObjectsV2 page, so the floor's ${((floorMedian * 1000) / pages).toFixed(0)} ms a page is mostly moto.`,
      ].join('\n'),
    );
  } finally {
    s3.destroy();
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
