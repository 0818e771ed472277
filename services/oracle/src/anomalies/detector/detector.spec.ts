import type { SeenTransitions } from './context';
import { combineScores, DEFAULT_DETECTOR_CONFIG, fadedHigh, StreamingDetector } from './detector';

const FIVE_MINUTES = 300_000;
const DAY = 288;

/** Deterministic noise, so the tests do not depend on Math.random. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43_758.5453;
  return x - Math.floor(x) - 0.5;
}

/** Five-minute points of a daily cycle with a little noise, `change` applied from `at` on. */
function seasonal(points: number, change: (i: number) => number = () => 0): number[] {
  return Array.from(
    { length: points },
    (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / DAY) + 2 * noise(i) + change(i),
  );
}

function scoreAll(values: readonly number[], detector = new StreamingDetector()): number[] {
  return values.map((v, i) => detector.score(i * FIVE_MINUTES, v));
}

const ANOMALY_AT = 8 * DAY;

describe('the streaming detector', () => {
  it('scores a prefix the same whatever comes after it (no look-ahead)', () => {
    const values = seasonal(3000, (i) => (i >= 2000 ? 30 : 0));
    const prefix = scoreAll(values.slice(0, 1500));
    const whole = scoreAll(values);
    expect(whole.slice(0, 1500)).toEqual(prefix);
  });

  it('gives the same scores after a snapshot is restored as without the restart', () => {
    const values = seasonal(3000, (i) => (i >= 2200 ? -25 : 0));
    const uninterrupted = scoreAll(values);

    const first = new StreamingDetector();
    scoreAll(values.slice(0, 1700), first);
    const persisted = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<
      StreamingDetector['snapshot']
    >;
    const restored = new StreamingDetector(undefined, persisted);
    const afterRestart = values
      .slice(1700)
      .map((v, i) => restored.score((1700 + i) * FIVE_MINUTES, v));

    expect(afterRestart).toEqual(uninterrupted.slice(1700));
  });

  it.each([
    ['a level shift up', 25],
    ['a drop', -25],
  ])('scores %s on a seasonal series above anything before it', (_, shift) => {
    const scores = scoreAll(seasonal(10 * DAY, (i) => (i >= ANOMALY_AT ? shift : 0)));
    const before = Math.max(...scores.slice(2 * DAY, ANOMALY_AT));
    const at = Math.max(...scores.slice(ANOMALY_AT, ANOMALY_AT + 12));
    expect(at).toBeGreaterThan(0.6);
    expect(at).toBeGreaterThan(before + 0.2);
  });

  it('does not flag a jump that comes at the same moment every day', () => {
    const dailyJump = (i: number) => (i % DAY < DAY / 2 ? 40 : 80) + noise(i);
    const scores = scoreAll(Array.from({ length: 12 * DAY }, (_, i) => dailyJump(i)));
    const atJumps = scores.filter((_, i) => i >= 4 * DAY && i % (DAY / 2) <= 2);
    expect(Math.max(...atJumps)).toBeLessThan(0.5);
  });

  it('keeps its state bounded by the cycle, however long the series', () => {
    const detector = new StreamingDetector();
    scoreAll(seasonal(20 * DAY), detector);
    expect(JSON.stringify(detector.snapshot()).length).toBeLessThan(20_000);
  });

  it('remembers at most `contextCapacity` contexts on a series that keeps reaching new levels', () => {
    const detector = new StreamingDetector({ ...DEFAULT_DETECTOR_CONFIG, contextCapacity: 300 });
    scoreAll(
      Array.from({ length: 5000 }, (_, i) => i * 100),
      detector,
    );
    expect((detector.snapshot().context.seen as SeenTransitions).counts).toHaveLength(300);
  });
});

describe('the quiet period', () => {
  it('counts the current block in full and older blocks down by fade × their age', () => {
    expect(fadedHigh(0.5, [0.9, 0.8], 0)).toBe(0.9);
    // The older of two earlier blocks is 2/10 of a quiet period back, the newer 1/10.
    expect(fadedHigh(0.5, [0.9, 0.8], 0.5)).toBeCloseTo(0.9 * 0.9);
    expect(fadedHigh(0.95, [0.9, 0.8], 0.5)).toBe(0.95);
  });

  it('lets a score through that beats an old high but not a recent one of the same size', () => {
    const old = [0.9, ...new Array<number>(9).fill(0)];
    const recent = [...new Array<number>(9).fill(0), 0.9];
    expect(0.86).toBeGreaterThan(fadedHigh(0, old, DEFAULT_DETECTOR_CONFIG.fade));
    expect(0.86).toBeLessThan(fadedHigh(0, recent, DEFAULT_DETECTOR_CONFIG.fade));
  });
});

describe('the combination of deviation and novelty', () => {
  it('lets either raise the score alone and both raise it further', () => {
    expect(combineScores(0.6, 0, 0.8, 2)).toBeCloseTo(0.6);
    expect(combineScores(0, 1, 0.8, 2)).toBeCloseTo(0.8);
    expect(combineScores(0.6, 1, 0.8, 2)).toBeCloseTo(1 - 0.4 * 0.2);
  });

  it('counts a partly novel point far less than a wholly novel one', () => {
    expect(combineScores(0, 0.5, 0.8, 2)).toBeCloseTo(0.2);
    expect(combineScores(0, 0.5, 0.8, 1)).toBeCloseTo(0.4);
  });
});
