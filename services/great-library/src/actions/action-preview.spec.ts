import type { StoredObject } from '../storage/ports';
import { previewAction } from './action-preview';

const GIB = 2 ** 30;
const at = new Date('2026-01-01T00:00:00Z');
const objects = (count: number, size: number, storageClass = 'STANDARD'): StoredObject[] =>
  Array.from({ length: count }, (_, index) => ({
    key: `data/${index}.bin`,
    size,
    storageClass,
    lastModified: at,
    etag: null,
  }));
const s3 = { provider: 'aws', region: 'us-east-1' };

describe('the preview of a storage action, at list prices', () => {
  it('counts objects and bytes by class, and names the first keys', () => {
    const preview = previewAction(s3, [...objects(2, 10), ...objects(1, 5, 'GLACIER')], {
      kind: 'delete',
    });
    expect(preview).toMatchObject({
      objects: 3,
      bytes: 25,
      byClass: { STANDARD: { objects: 2, bytes: 20 }, GLACIER: { objects: 1, bytes: 5 } },
      keys: ['data/0.bin', 'data/1.bin', 'data/0.bin'],
    });
  });

  it('prices a class change: 10 GiB STANDARD → STANDARD_IA in us-east-1', () => {
    // 10 × (0.0125 − 0.023) = −0.105 a month; 10 transitions × $0.01 / 1,000 = $0.0001 once.
    const preview = previewAction(s3, objects(10, GIB), {
      kind: 'class',
      storageClass: 'STANDARD_IA',
    });
    expect(preview.monthlyCostDelta).toBe(-0.105);
    expect(preview.oneOffCost).toBe(0.0001);
  });

  it("bills small objects at the class's minimum size: 100,000 × 1 KiB into STANDARD_IA costs more", () => {
    // before 100,000 × 1 KiB / 1 GiB × 0.023 = 0.0021934; after 100,000 × 128 KiB / 1 GiB × 0.0125
    // = 0.1525879; delta 0.1503945 → 0.1504; once 100,000 × 0.01 / 1,000 = 1.
    const preview = previewAction(s3, objects(100_000, 1024), {
      kind: 'class',
      storageClass: 'STANDARD_IA',
    });
    expect(preview.monthlyCostDelta).toBe(0.1504);
    expect(preview.oneOffCost).toBe(1);
  });

  it('prices a move to GCS and a copy to Blob at the destination class', () => {
    // move: 2 × 0.02 (GCS STANDARD us-central1) − 2 × 0.023 = −0.006
    const move = previewAction(s3, objects(1, 2 * GIB), {
      kind: 'transfer',
      move: true,
      provider: 'gcp',
      region: 'us-central1',
      storageClass: 'STANDARD',
    });
    expect(move.monthlyCostDelta).toBe(-0.006);
    // copy: the source stays; the copy adds 1 × 0.0208 (Blob Hot, eastus)
    const copy = previewAction(s3, objects(1, GIB), {
      kind: 'transfer',
      move: false,
      provider: 'azure',
      region: 'eastus',
      storageClass: 'Hot',
    });
    expect(copy.monthlyCostDelta).toBe(0.0208);
  });

  it('saves what a delete removes, and says so when a price is unknown', () => {
    // 10 GiB of GCS STANDARD in us-central1: −10 × 0.02
    const gone = previewAction({ provider: 'gcp', region: 'us-central1' }, objects(10, GIB), {
      kind: 'delete',
    });
    expect(gone.monthlyCostDelta).toBe(-0.2);
    const unknown = previewAction({ provider: 'aws', region: 'mars-1' }, objects(1, GIB), {
      kind: 'delete',
    });
    expect(unknown).toMatchObject({ monthlyCostDelta: null, oneOffCost: null });
    expect(unknown.costBasis).toContain('no list price');
  });
});
