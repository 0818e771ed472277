import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { REPO_ROOT } from '@codex/testing';

import { machineDescription } from './bench-machine';
import { appendResult } from './benchmarks-doc';

/*
 * great-library's data classifier on the generated storage corpus, in memory: classifyBytes
 * (gunzip, binary check, JSON strings, every detector with validation and masking) against
 * bareScan, the same regular expressions over the already decoded text with nothing else.
 */

const FILES = Number(process.env.BENCH_CLASSIFICATION_FILES ?? 1200);
const SEED = Number(process.env.BENCH_CLASSIFICATION_SEED ?? 7);
const ROUNDS = Number(process.env.BENCH_CLASSIFICATION_ROUNDS ?? 7);
const MAX_BYTES = 16 * 1024 * 1024;
/** The classifier as built by `make build`; a bench is not allowed to import a service's source. */
const CLASSIFIER_MODULE =
  process.env.BENCH_CLASSIFIER_MODULE ??
  join(REPO_ROOT, 'services/great-library/dist/classification/index.js');
const CORPUS_MODULE = join(REPO_ROOT, 'tools/sandbox/storage/corpus.mjs');

type Counts = Record<string, number | undefined>;

/** The parts of the classifier's module the bench calls. */
interface Classifier {
  classifyBytes: (
    bytes: Uint8Array,
    options: { key?: string; maxBytes: number },
  ) => { counts: Counts; scannedBytes: number; skipped?: string };
  bareScan: (text: string) => Counts;
}

interface CorpusModule {
  generateCorpus: (options: { seed: number; files: number }) => { path: string; bytes: Buffer }[];
}

export interface ClassificationBenchResult {
  files: number;
  /** Bytes as stored (some gzipped). */
  storedBytes: number;
  /** Bytes after decompression: the throughput figures count these. */
  decodedBytes: number;
  rounds: number;
  classifyMBps: number;
  bareScanMBps: number;
  /** classifyMBps ÷ bareScanMBps; the target is at least 0.5. */
  ratio: number;
  /** Validated findings in one pass, and the raw matches of the bare scan. */
  found: number;
  rawMatches: number;
}

const sum = (counts: Counts) => Object.values(counts).reduce<number>((a, n) => a + (n ?? 0), 0);

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

/** Classifies the corpus `ROUNDS` times, alternating with the bare scan; medians of rounds. */
export async function runClassificationBench(): Promise<ClassificationBenchResult> {
  const classifier = (await import(CLASSIFIER_MODULE)) as Classifier;
  const { generateCorpus } = (await import(CORPUS_MODULE)) as CorpusModule;
  const corpus = generateCorpus({ seed: SEED, files: FILES });
  const texts = corpus.map(({ path, bytes }) =>
    (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'),
  );
  const storedBytes = corpus.reduce((total, file) => total + file.bytes.length, 0);
  const decodedBytes = texts.reduce((total, text) => total + Buffer.byteLength(text), 0);

  let found = 0;
  let rawMatches = 0;
  const classifyOnce = () => {
    found = 0;
    for (const file of corpus) {
      found += sum(
        classifier.classifyBytes(file.bytes, { key: file.path, maxBytes: MAX_BYTES }).counts,
      );
    }
  };
  const bareScanOnce = () => {
    rawMatches = 0;
    for (const text of texts) rawMatches += sum(classifier.bareScan(text));
  };

  // Warm-up: compile the regular expressions and the JIT's hot paths of both.
  classifyOnce();
  bareScanOnce();
  const classifySeconds: number[] = [];
  const bareSeconds: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    classifySeconds.push(timed(classifyOnce));
    bareSeconds.push(timed(bareScanOnce));
  }
  const megabytes = decodedBytes / 1e6;
  const classifyMBps = megabytes / median(classifySeconds);
  const bareScanMBps = megabytes / median(bareSeconds);
  return {
    files: corpus.length,
    storedBytes,
    decodedBytes,
    rounds: ROUNDS,
    classifyMBps,
    bareScanMBps,
    ratio: classifyMBps / bareScanMBps,
    found,
    rawMatches,
  };
}

function report(result: ClassificationBenchResult): string {
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  return [
    `Machine: ${machineDescription()}. Command: \`node bench/dist/classification.bench.js\` (BENCH_CLASSIFICATION_FILES=${result.files}, BENCH_CLASSIFICATION_SEED=${SEED}, BENCH_CLASSIFICATION_ROUNDS=${result.rounds}). The corpus of \`tools/sandbox/storage/corpus.mjs\` (text, CSV, JSON, logs, a fifth gzipped; ${mb(result.storedBytes)} MB stored, ${mb(result.decodedBytes)} MB decoded) in memory, one thread. The classifier reads the stored bytes (gunzip, binary check, JSON strings, every detector with validation and masking); the floor runs the same regular expressions over the already decoded text with no validation. Throughput counts decoded bytes; median of the rounds. Target: the classifier at least 0.5× the floor.`,
    '',
    '| | MB/s | matches |',
    '| --- | --- | --- |',
    `| classifyBytes | ${result.classifyMBps.toFixed(1)} | ${result.found} validated |`,
    `| bareScan (floor) | ${result.bareScanMBps.toFixed(1)} | ${result.rawMatches} raw |`,
    `| ratio | **${result.ratio.toFixed(2)}×** ${result.ratio >= 0.5 ? '✓' : '✗'} | |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const result = await runClassificationBench();
  console.log(JSON.stringify(result));
  await appendResult('bench-storage (classification)', report(result));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
