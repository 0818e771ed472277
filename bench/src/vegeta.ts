import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Installed by tools/bench/ensure-vegeta.sh (a prerequisite of the bench targets). */
const VEGETA = resolve(__dirname, '../../.local/tools/bin/vegeta');

export interface ConstantRateResult {
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Requests answered with a 2xx, out of those sent. */
  successRatio: number;
}

/**
 * GET `url` at a constant rate over `connections` kept-alive connections (open loop: requests
 * leave on schedule whatever the answers do, so queueing shows in the latencies).
 */
export async function constantRate(options: {
  url: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
  connections: number;
}): Promise<ConstantRateResult> {
  const dir = await mkdtemp(join(tmpdir(), 'codex-vegeta-'));
  try {
    const target = JSON.stringify({
      method: 'GET',
      url: options.url,
      header: Object.fromEntries(Object.entries(options.headers).map(([k, v]) => [k, [v]])),
    });
    const results = join(dir, 'results.bin');
    await run(
      'bash',
      [
        '-c',
        `printf '%s\\n' "$TARGET" | "$VEGETA" attack -format=json -rate=${options.rate}/s -duration=${options.seconds}s ` +
          `-connections=${options.connections} -max-connections=${options.connections} ` +
          `-workers=${options.connections} -max-workers=${options.connections} -output="$RESULTS"`,
      ],
      { env: { ...process.env, TARGET: target, VEGETA, RESULTS: results }, maxBuffer: 1 << 20 },
    );
    const { stdout } = await run(VEGETA, ['report', '-type=json', results]);
    const report = JSON.parse(stdout) as {
      latencies: Record<'50th' | '90th' | '99th' | 'max', number>;
      success: number;
    };
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    return {
      rate: options.rate,
      p50: ms(report.latencies['50th']),
      p90: ms(report.latencies['90th']),
      p99: ms(report.latencies['99th']),
      max: ms(report.latencies.max),
      successRatio: report.success,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
