import {
  recommendTiering,
  recommendTieringByPrefix,
  type StoredObject,
  type TieringGroup,
} from './recommend-tiering';

const GIB = 2 ** 30;
const KIB = 1024;
const NOW = new Date('2026-11-30T12:00:00Z');
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 86_400_000);

/** `count` objects of `size` bytes in `storageClass`, last modified `ageDays` ago. */
function objects(
  count: number,
  size: number,
  storageClass: string,
  ageDays: number,
  extra: Partial<StoredObject> = {},
): StoredObject[] {
  const lastModified = daysAgo(ageDays);
  return Array.from({ length: count }, (_, i) => ({
    key: `data/${storageClass}/${ageDays}/${i}`,
    size,
    storageClass,
    lastModified,
    ...extra,
  }));
}

const aws = (objs: StoredObject[], region = 'us-east-1'): TieringGroup => ({
  provider: 'aws',
  region,
  objects: objs,
});
const gcp = (objs: StoredObject[], region = 'us-central1'): TieringGroup => ({
  provider: 'gcp',
  region,
  objects: objs,
});
const azure = (objs: StoredObject[], region = 'eastus'): TieringGroup => ({
  provider: 'azure',
  region,
  objects: objs,
});

describe('storage tiering recommendations', () => {
  describe('AWS S3, us-east-1', () => {
    it('moves 1,000 × 1 GiB untouched for 120 days from STANDARD to GLACIER_IR', () => {
      // current   = 1000 GiB × $0.023            = $23.00 a month
      // GLACIER_IR = 1000 GiB × $0.004           = $4.00 a month (1 GiB ≥ the 128 KiB minimum)
      // transition = 1000 / 1000 × $0.02          = $0.02 once
      // saving     = 23 − 4 − 0.02 / 12 months    = $18.998333… → 18.9983
      // payback    = 0.02 / (23 − 4)              = 0.00105… → 0.0011 months
      // (STANDARD_IA would save 23 − 12.5 − 0.01/12 = $10.4992; archive classes need 180 days.)
      const [recommendation, ...rest] = recommendTiering(
        aws(objects(1000, GIB, 'STANDARD', 120)),
        NOW,
      );
      expect(rest).toEqual([]);
      expect(recommendation).toMatchObject({
        fromClass: 'STANDARD',
        toClass: 'GLACIER_IR',
        objects: 1000,
        bytes: 1000 * GIB,
        currentMonthlyCost: 23,
        projectedMonthlyCost: 4,
        oneOffTransitionCost: 0.02,
        retrievalCostPerMonth: 0,
        monthlySaving: 18.9983,
        minimumDurationDays: 90,
        paybackMonths: 0.0011,
      });
      expect(recommendation?.explanation).toContain('GLACIER_IR');
      expect(recommendation?.explanation).toContain('the saving is $19.00 a month');
      expect(recommendation?.explanation).toContain('within a month');
    });

    it('bills small objects at the 128 KiB minimum, which can cancel the saving', () => {
      // 131,072 objects × 120 KiB = 15 GiB; billed in GLACIER_IR as 131,072 × 128 KiB = 16 GiB.
      // current    = 15 GiB × $0.023                  = $0.345
      // GLACIER_IR = 16 GiB × $0.004                  = $0.064 (not 15 × 0.004 = $0.060)
      // transition = 131,072 / 1000 × $0.02           = $2.62144 once; / 12 = $0.2184533
      // saving     = 0.345 − 0.064 − 0.2184533        = $0.0625467 → 0.0625
      // payback    = 2.62144 / (0.345 − 0.064)        = 9.32897 → 9.329 months
      // (STANDARD_IA: 0.345 − 16 × 0.0125 − 1.31072/12 = $0.0358, less.)
      const small = recommendTiering(aws(objects(131_072, 120 * KIB, 'STANDARD', 120)), NOW);
      expect(small).toEqual([
        expect.objectContaining({
          toClass: 'GLACIER_IR',
          currentMonthlyCost: 0.345,
          projectedMonthlyCost: 0.064,
          oneOffTransitionCost: 2.6214,
          monthlySaving: 0.0625,
          paybackMonths: 9.329,
        }),
      ]);
      expect(small[0]?.explanation).toContain('pays for itself in 9.3 months');

      // 131,072 × 96 KiB = 12 GiB: current = 12 × 0.023 = $0.276.
      // GLACIER_IR at the real size would cost 12 × 0.004 + 0.2184533 = $0.2664533 (saves $0.0096),
      // but billed at 128 KiB it is 16 × 0.004 + 0.2184533 = $0.2824533 > $0.276: no saving.
      // STANDARD_IA: 16 × 0.0125 + 1.31072 / 12 = $0.3092267 > $0.276: none either.
      expect(
        recommendTiering(aws(objects(131_072, 96 * KIB, 'STANDARD', 120)), NOW, {
          minimumMonthlySaving: 0,
        }),
      ).toEqual([]);
    });

    it('chooses DEEP_ARCHIVE for data untouched a year, counting the 40 KiB per-object overhead', () => {
      // 10 × 100 GiB STANDARD untouched 400 days.
      // current      = 1000 GiB × $0.023                                 = $23.00
      // DEEP_ARCHIVE = 1000 GiB × $0.00099                               = $0.99
      //   + overhead 10 × (8 KiB × $0.023 + 32 KiB × $0.00099) / 1 GiB   = $0.0000021
      // transition   = 10 / 1000 × $0.05                                 = $0.0005 once
      // saving       = 23 − 0.9900021 − 0.0005 / 12                      = $22.0099563 → 22.01
      // (GLACIER: 23 − 3.6 − 0.0003/12 = $19.39998, less.)
      expect(recommendTiering(aws(objects(10, 100 * GIB, 'STANDARD', 400)), NOW)).toEqual([
        expect.objectContaining({
          toClass: 'DEEP_ARCHIVE',
          currentMonthlyCost: 23,
          projectedMonthlyCost: 0.99,
          oneOffTransitionCost: 0.0005,
          monthlySaving: 22.01,
          minimumDurationDays: 180,
          paybackMonths: 0,
        }),
      ]);
    });

    it('does not archive data untouched for less than 180 days, whatever the options say', () => {
      const [recommendation] = recommendTiering(aws(objects(10, 100 * GIB, 'STANDARD', 179)), NOW, {
        idleDays: { archive: 30 },
      });
      expect(recommendation?.toClass).toBe('GLACIER_IR');
    });

    it('skips a class whose minimum duration the objects would not live out before deletion', () => {
      // 120 days old, deleted at 180 days: 60 days left < GLACIER_IR's 90, ≥ STANDARD_IA's 30.
      // saving = 1000 × (0.023 − 0.0125) − (1000 / 1000 × $0.01) / 12 = 10.5 − 0.00083 = 10.4992
      expect(
        recommendTiering(aws(objects(1000, GIB, 'STANDARD', 120)), NOW, { deleteAfterDays: 180 }),
      ).toEqual([
        expect.objectContaining({
          toClass: 'STANDARD_IA',
          projectedMonthlyCost: 12.5,
          monthlySaving: 10.4992,
          minimumDurationDays: 30,
        }),
      ]);
    });

    it('considers ONEZONE_IA only when single-zone storage is allowed', () => {
      // 60 days: too young for GLACIER_IR (90). STANDARD_IA saves 23 − 12.5 − 0.01/12 = 10.4992;
      // ONEZONE_IA saves 23 − 10 − 0.01/12 = 12.9992.
      const group = aws(objects(1000, GIB, 'STANDARD', 60));
      expect(recommendTiering(group, NOW)[0]).toMatchObject({
        toClass: 'STANDARD_IA',
        monthlySaving: 10.4992,
      });
      expect(recommendTiering(group, NOW, { allowSingleZone: true })[0]).toMatchObject({
        toClass: 'ONEZONE_IA',
        monthlySaving: 12.9992,
      });
    });

    it('never moves objects warmer and leaves INTELLIGENT_TIERING alone', () => {
      // GLACIER_IR untouched 100 days: STANDARD_IA is warmer, the archives need 180 days.
      expect(recommendTiering(aws(objects(100, GIB, 'GLACIER_IR', 100)), NOW)).toEqual([]);
      expect(recommendTiering(aws(objects(100, GIB, 'DEEP_ARCHIVE', 900)), NOW)).toEqual([]);
      expect(recommendTiering(aws(objects(100, GIB, 'INTELLIGENT_TIERING', 900)), NOW)).toEqual([]);
    });

    it('recommends nothing below the minimum monthly saving', () => {
      // 1 × 1 GiB → GLACIER_IR: 0.023 − 0.004 − 0.00002 / 12 = $0.0189983 → 0.019
      const group = aws(objects(1, GIB, 'STANDARD', 120));
      expect(recommendTiering(group, NOW)).toEqual([
        expect.objectContaining({ toClass: 'GLACIER_IR', monthlySaving: 0.019 }),
      ]);
      expect(recommendTiering(group, NOW, { minimumMonthlySaving: 0.02 })).toEqual([]);
    });

    it('knows nothing of an unpriced region', () => {
      expect(recommendTiering(aws(objects(1000, GIB, 'STANDARD', 400), 'ap-south-2'), NOW)).toEqual(
        [],
      );
    });
  });

  describe('Google Cloud Storage', () => {
    it('moves STANDARD untouched 200 days to COLDLINE, not ARCHIVE (365-day minimum)', () => {
      // europe-west1, 100 × 10 GiB: current = 1000 × $0.020 = $20.00; COLDLINE = 1000 × $0.004
      // = $4.00; transition = 100 / 1000 × $0.02 (class A) = $0.002; saving = 16 − 0.002 / 12
      // = $15.9998333 → 15.9998.
      const recommendations = recommendTiering(
        gcp(objects(100, 10 * GIB, 'STANDARD', 200), 'europe-west1'),
        NOW,
      );
      expect(recommendations).toEqual([
        expect.objectContaining({
          fromClass: 'STANDARD',
          toClass: 'COLDLINE',
          currentMonthlyCost: 20,
          projectedMonthlyCost: 4,
          oneOffTransitionCost: 0.002,
          monthlySaving: 15.9998,
          minimumDurationDays: 90,
        }),
      ]);
      expect(recommendations[0]?.explanation).toContain('best known figure');
    });

    it('moves STANDARD untouched 400 days to ARCHIVE', () => {
      // ARCHIVE = 1000 × $0.0012 = $1.20; transition = 100 / 1000 × $0.05 = $0.005;
      // saving = 20 − 1.2 − 0.005 / 12 = $18.7995833 → 18.7996
      expect(recommendTiering(gcp(objects(100, 10 * GIB, 'STANDARD', 400)), NOW)).toEqual([
        expect.objectContaining({
          toClass: 'ARCHIVE',
          projectedMonthlyCost: 1.2,
          oneOffTransitionCost: 0.005,
          monthlySaving: 18.7996,
          minimumDurationDays: 365,
        }),
      ]);
    });

    it('lets expected reads pick NEARLINE over COLDLINE', () => {
      // us-central1, 100 × 10 GiB STANDARD untouched 100 days, 80% of the bytes read a month
      // (so 80 reads of the 100 objects).
      // current  = 1000 × 0.020 + 80 × $0.0004/1000                     = $20.000032
      // NEARLINE = 1000 × 0.010 + 800 GiB × $0.01 + 80 × $0.001/1000    = 10 + 8 + 0.00008
      //          = $18.00008; reads = $8.00008; transition = 100/1000 × $0.01 = $0.001
      //   saving = 20.000032 − 18.00008 − 0.001 / 12                   = $1.9998687 → 1.9999
      // COLDLINE = 1000 × 0.004 + 800 × $0.02 + 80 × $0.01/1000        = 4 + 16 + 0.0008
      //          = $20.0008: more than now, no saving.
      // Without reads COLDLINE wins: 20 − 4 − 0.002 / 12 = $15.9998.
      const group = gcp(objects(100, 10 * GIB, 'STANDARD', 100));
      expect(recommendTiering(group, NOW, { readFractionPerMonth: 0.8 })).toEqual([
        expect.objectContaining({
          toClass: 'NEARLINE',
          currentMonthlyCost: 20,
          projectedMonthlyCost: 18.0001,
          retrievalCostPerMonth: 8.0001,
          oneOffTransitionCost: 0.001,
          monthlySaving: 1.9999,
          paybackMonths: 0.0005,
        }),
      ]);
      expect(recommendTiering(group, NOW)).toEqual([
        expect.objectContaining({ toClass: 'COLDLINE', monthlySaving: 15.9998 }),
      ]);
    });

    it('recommends nothing for recent data', () => {
      expect(recommendTiering(gcp(objects(100, 10 * GIB, 'STANDARD', 10)), NOW)).toEqual([]);
    });
  });

  describe('Azure Blob, LRS', () => {
    it('archives Hot blobs untouched for 400 days', () => {
      // eastus, 500 × 2 GiB: current = 1000 × $0.0208 = $20.80; Archive = 1000 × $0.00099
      // = $0.99; transition = 500 × ($0.10 per 10,000 writes = $0.01 per 1,000) / 1000 = $0.005;
      // saving = 20.8 − 0.99 − 0.005 / 12 = $19.8095833 → 19.8096; payback 0.005 / 19.81 → 0.0003
      // (Cold: 20.8 − 3.6 − 0.009/12 = $17.1993; Cool: 20.8 − 15.2 − 0.005/12 = $5.5996.)
      const [recommendation, ...rest] = recommendTiering(
        azure(objects(500, 2 * GIB, 'Hot', 400, { lastAccessed: null })),
        NOW,
      );
      expect(rest).toEqual([]);
      expect(recommendation).toMatchObject({
        fromClass: 'Hot',
        toClass: 'Archive',
        objects: 500,
        bytes: 1000 * GIB,
        currentMonthlyCost: 20.8,
        projectedMonthlyCost: 0.99,
        oneOffTransitionCost: 0.005,
        retrievalCostPerMonth: 0,
        monthlySaving: 19.8096,
        minimumDurationDays: 180,
        paybackMonths: 0.0003,
      });
      expect(recommendation?.explanation).toContain('must be restored');
    });

    it('uses the last access where Azure tracks it: read 100 days ago means Cold, not Archive', () => {
      // Cold = 1000 × $0.0036 = $3.60; transition = 500 × ($0.18 / 10,000) = $0.009
      const [recommendation] = recommendTiering(
        azure(objects(500, 2 * GIB, 'Hot', 400, { lastAccessed: daysAgo(100) })),
        NOW,
      );
      expect(recommendation).toMatchObject({
        toClass: 'Cold',
        projectedMonthlyCost: 3.6,
        oneOffTransitionCost: 0.009,
        minimumDurationDays: 90,
      });
    });

    it('recommends nothing for blobs read last week, however old', () => {
      expect(
        recommendTiering(
          azure(objects(10, 100 * GIB, 'Hot', 200, { lastAccessed: daysAgo(5) }), 'westeurope'),
          NOW,
        ),
      ).toEqual([]);
    });

    it('moves Cool blobs on to Cold, never back to Hot', () => {
      // westeurope, 200 × 10 GiB Cool untouched 120 days: current = 2000 × $0.01 = $20.00;
      // Cold = 2000 × $0.0036 = $7.20; transition = 200 × ($0.18 / 10,000) = $0.0036;
      // saving = 20 − 7.2 − 0.0036 / 12 = $12.7997
      expect(
        recommendTiering(azure(objects(200, 10 * GIB, 'Cool', 120), 'westeurope'), NOW),
      ).toEqual([
        expect.objectContaining({
          fromClass: 'Cool',
          toClass: 'Cold',
          currentMonthlyCost: 20,
          projectedMonthlyCost: 7.2,
          oneOffTransitionCost: 0.0036,
          monthlySaving: 12.7997,
        }),
      ]);
    });
  });

  it('recommends per prefix of a bucket', () => {
    const bucket = aws([
      ...objects(1000, GIB, 'STANDARD', 120).map((o, i) => ({ ...o, key: `logs/${i}` })),
      ...objects(1000, GIB, 'STANDARD', 5).map((o, i) => ({ ...o, key: `live/${i}` })),
    ]);
    expect(recommendTieringByPrefix(bucket, 1, NOW)).toEqual([
      { prefix: 'live/', recommendations: [] },
      {
        prefix: 'logs/',
        recommendations: [
          expect.objectContaining({ toClass: 'GLACIER_IR', monthlySaving: 18.9983 }),
        ],
      },
    ]);
  });
});
