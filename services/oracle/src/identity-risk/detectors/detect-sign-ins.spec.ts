import { estateLogins } from '../identity-estate.fixture';
import { LABELLED_KINDS, scoreAgainstLabels } from '../labelled-scores.fixture';
import { signInOfLogin } from '../sign-in-of-login';
import { type DetectorStates, detectSignIns, emptyStates } from './detect-sign-ins';
import type { SignIn } from './sign-in';

describe('sign-in risk detectors on the identity estate', () => {
  it.each([
    { seed: 7, people: 500 },
    { seed: 3, people: 1000 },
  ])(
    'find every labelled anomaly kind with precision and recall of at least 0.9 (seed $seed, $people people)',
    (options) => {
      const estate = estateLogins(options);
      const signals = detectSignIns(estate.logins.map(signInOfLogin), emptyStates());
      const scores = scoreAgainstLabels(signals, estate.anomalies, {
        auth0: estate.auth0Domain,
        entra: estate.entraTenantId,
      });
      process.stdout.write(
        `identity risk, seed ${options.seed}, ${estate.logins.length} sign-ins:\n${LABELLED_KINDS.map(
          (kind) =>
            `  ${kind.padEnd(28)} labelled ${scores[kind].labelled}, found ${scores[kind].found}, precision ${scores[kind].precision.toFixed(2)}, recall ${scores[kind].recall.toFixed(2)}`,
        ).join('\n')}\n`,
      );
      for (const kind of LABELLED_KINDS) {
        expect({ kind, labelled: scores[kind].labelled > 0 }).toEqual({ kind, labelled: true });
        expect({ kind, precision: scores[kind].precision >= 0.9 }).toEqual({
          kind,
          precision: true,
        });
        expect({ kind, recall: scores[kind].recall >= 0.9 }).toEqual({ kind, recall: true });
      }
    },
  );

  it('finds the same when partitions deliver accounts interleaved and state is saved as JSON between batches', () => {
    const estate = estateLogins({ seed: 7, people: 500 });
    const signIns = estate.logins.map(signInOfLogin);
    const partitions: SignIn[][] = [[], [], []];
    for (const signIn of signIns)
      partitions[partitionOf(signIn.identityUrn || signIn.ip)]?.push(signIn);
    let states = emptyStates();
    const signals = [];
    // The third partition lags: its batches arrive after the others have moved on.
    const order = [0, 1, 0, 1, 2];
    const cursors = [0, 0, 0];
    while (cursors.some((at, index) => at < (partitions[index]?.length ?? 0))) {
      for (const index of order) {
        const partition = partitions[index] ?? [];
        const batch = partition.slice(cursors[index], (cursors[index] ?? 0) + 700);
        cursors[index] = (cursors[index] ?? 0) + batch.length;
        signals.push(...detectSignIns(batch, states));
        states = roundTrip(states);
      }
    }
    const scores = scoreAgainstLabels(signals, estate.anomalies, {
      auth0: estate.auth0Domain,
      entra: estate.entraTenantId,
    });
    for (const kind of LABELLED_KINDS)
      expect({ kind, precision: scores[kind].precision, recall: scores[kind].recall }).toEqual({
        kind,
        precision: 1,
        recall: 1,
      });
  });
});

function partitionOf(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % 3;
}

function roundTrip(states: DetectorStates): DetectorStates {
  const copy = <V>(map: Map<string, V>): Map<string, V> =>
    new Map(JSON.parse(JSON.stringify([...map])) as [string, V][]);
  return {
    identities: copy(states.identities),
    ips: copy(states.ips),
    sources: copy(states.sources),
  };
}
