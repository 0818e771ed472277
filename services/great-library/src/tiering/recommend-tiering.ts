import {
  type StorageClassListPrice,
  storageListPrice,
  storageListPrices,
  type StorageProvider,
} from '@codex/contracts';

import { groupByPrefix } from './group-by-prefix';

/** One object (S3 object, GCS object, Azure blob) as a listing shows it. */
export interface StoredObject {
  key: string;
  /** Bytes. */
  size: number;
  /** As the provider's API spells it: `STANDARD`, `NEARLINE`, `Hot`. */
  storageClass: string;
  lastModified: Date;
  /** Only where the provider exposes it (Azure last access tracking); otherwise the age counts. */
  lastAccessed?: Date | null;
}

/** A bucket, container or prefix whose objects are weighed together. */
export interface TieringGroup {
  provider: StorageProvider;
  region: string;
  objects: readonly StoredObject[];
}

export interface TieringOptions {
  /**
   * Days untouched before an object is a candidate for an infrequent-access class (S3
   * STANDARD_IA / ONEZONE_IA, GCS NEARLINE, Azure Cool), a cold class (S3 GLACIER_IR, GCS
   * COLDLINE, Azure Cold) and an archive class (S3 GLACIER / DEEP_ARCHIVE, GCS ARCHIVE, Azure
   * Archive). Defaults 30, 90, 180; the archive threshold is never below 180, because reading
   * an archived object needs a restore first.
   */
  idleDays?: { infrequent?: number; cold?: number; archive?: number };
  /** Fraction of the idle bytes (and objects) read back each month; default 0. */
  readFractionPerMonth?: number;
  /** A recommendation must save at least this much a month, USD; default 0.01. */
  minimumMonthlySaving?: number;
  /** Months the one-off transition cost is spread over in `monthlySaving`; default 12. */
  amortisationMonths?: number;
  /**
   * Age (days since lastModified) at which the group's objects are deleted, e.g. by an
   * expiration rule; an object is not moved to a class whose minimum storage duration it would
   * not live out. Default: none known.
   */
  deleteAfterDays?: number | null;
  /** Also consider S3 ONEZONE_IA (one Availability Zone: data lost with it); default false. */
  allowSingleZone?: boolean;
}

/** Moving `objects` of a group from one class to another, and what it saves. Money in USD. */
export interface TieringRecommendation {
  fromClass: string;
  toClass: string;
  objects: number;
  bytes: number;
  /** Storage (at the minimum billable size and overhead) plus expected reads, in `fromClass`. */
  currentMonthlyCost: number;
  /** The same in `toClass`. */
  projectedMonthlyCost: number;
  /** current − projected − oneOffTransitionCost / amortisationMonths. */
  monthlySaving: number;
  /** One write / transition request per object into `toClass`, paid once. */
  oneOffTransitionCost: number;
  /** Expected reads in `toClass`: retrieval per GB plus read (restore) requests; in projected. */
  retrievalCostPerMonth: number;
  /** Days `toClass` bills an object for at least. */
  minimumDurationDays: number;
  /** Months until the storage saving has paid the transition: one-off ÷ (current − projected). */
  paybackMonths: number;
  explanation: string;
}

const DAY_MS = 86_400_000;
const GIB = 2 ** 30;
const ARCHIVE_FLOOR_DAYS = 180;

type Tier = 'infrequent' | 'cold' | 'archive';

/** The classes a recommendation may move objects into, by how long they must have been idle. */
const TARGET_TIER: Readonly<Record<StorageProvider, Readonly<Record<string, Tier>>>> = {
  aws: {
    STANDARD_IA: 'infrequent',
    ONEZONE_IA: 'infrequent',
    GLACIER_IR: 'cold',
    GLACIER: 'archive',
    DEEP_ARCHIVE: 'archive',
  },
  gcp: { NEARLINE: 'infrequent', COLDLINE: 'cold', ARCHIVE: 'archive' },
  azure: { Cool: 'infrequent', Cold: 'cold', Archive: 'archive' },
};

/**
 * Colder moves the provider's lifecycle rules cannot make. INTELLIGENT_TIERING is left alone as
 * a source too: it tiers its objects itself, and S3 cannot move them to STANDARD_IA.
 */
const UNSUPPORTED: Readonly<Record<StorageProvider, readonly string[]>> = {
  aws: ['ONEZONE_IA>GLACIER_IR'],
  gcp: [],
  azure: [],
};
const SELF_TIERING = new Set(['aws:INTELLIGENT_TIERING']);

const round4 = (usd: number): number => Math.round(usd * 10_000) / 10_000;
const cents = (usd: number): string => `$${usd.toFixed(2)}`;
const payback = (months: number): string =>
  months < 1 ? 'pays for itself within a month' : `pays for itself in ${months.toFixed(1)} months`;

interface Candidate {
  target: StorageClassListPrice;
  current: number;
  projected: number;
  retrieval: number;
  transition: number;
  saving: number;
}

interface Tally {
  from: StorageClassListPrice;
  to: StorageClassListPrice;
  objects: number;
  bytes: number;
  current: number;
  projected: number;
  retrieval: number;
  transition: number;
  saving: number;
  leastIdleDays: number;
}

/**
 * Which objects of a group to move to a colder storage class, and what it saves a month.
 *
 * Per object, each colder class it qualifies for is costed and the one with the largest
 * positive saving wins; objects that save nothing anywhere stay where they are. An object
 * qualifies for a class when:
 * - it has been untouched (since lastAccessed where known, else since lastModified) for at
 *   least the tier's idle threshold (see {@link TieringOptions.idleDays}) AND at least the
 *   class's minimum storage duration. The rule for the minimum duration: data idle for D days is
 *   taken to stay for at least D more days, so an object is only moved where it has already
 *   been idle as long as the class bills for (e.g. GCS ARCHIVE: 365 days);
 * - when `deleteAfterDays` is given, it will still exist for the class's minimum duration;
 * - the class is colder than its current one (nothing is moved warmer) and the provider can make
 *   the move.
 *
 * The saving of an object = (storage + expected reads now) − (storage + expected reads in the
 * new class) − transition request ÷ `amortisationMonths` (12): the one-off cost is reported
 * apart and also spread over a year in `monthlySaving`. Storage counts the class's minimum
 * billable size (S3 IA / Glacier IR: 128 KiB) and per-object overhead (S3 Glacier / Deep
 * Archive: 8 KiB at STANDARD + 32 KiB at the class rate); reads are `readFractionPerMonth` of
 * the bytes at the class's retrieval price plus as many read (restore) requests.
 *
 * Objects are then summed per (fromClass, toClass); a sum is recommended when its saving is
 * positive and at least `minimumMonthlySaving`. Money is rounded to 4 decimals at the end.
 * Objects in a class or region the price table does not know, and S3 INTELLIGENT_TIERING
 * objects, are left out. When an object entered its current class is not known, so an
 * early-deletion charge for leaving that class is not counted (a lifecycle transition does not
 * change lastModified, so an object idle long enough has usually been there long enough too).
 */
export function recommendTiering(
  group: TieringGroup,
  now: Date,
  options: TieringOptions = {},
): TieringRecommendation[] {
  const idle = {
    infrequent: options.idleDays?.infrequent ?? 30,
    cold: options.idleDays?.cold ?? 90,
    archive: Math.max(ARCHIVE_FLOOR_DAYS, options.idleDays?.archive ?? ARCHIVE_FLOOR_DAYS),
  };
  const readFraction = options.readFractionPerMonth ?? 0;
  const minimumSaving = options.minimumMonthlySaving ?? 0.01;
  const amortisationMonths = options.amortisationMonths ?? 12;
  const deleteAfterDays = options.deleteAfterDays ?? null;
  if (readFraction < 0 || amortisationMonths <= 0) {
    throw new RangeError('recommendTiering: readFractionPerMonth >= 0 and amortisationMonths > 0');
  }

  const { provider } = group;
  const classes = storageListPrices(provider, group.region);
  const standard = storageListPrice(provider, group.region, 'STANDARD');
  const tiers = TARGET_TIER[provider];
  const targets = classes.filter(
    (price) =>
      tiers[price.storageClass] !== undefined &&
      (options.allowSingleZone || price.storageClass !== 'ONEZONE_IA'),
  );

  const monthly = (price: StorageClassListPrice, size: number) => {
    let storage = (Math.max(size, price.minimumBillableBytes) / GIB) * price.storageUsdPerGbMonth;
    if (price.perObjectOverhead) {
      const { bytesAtStandardRate, bytesAtClassRate } = price.perObjectOverhead;
      storage +=
        (bytesAtStandardRate / GIB) * (standard?.storageUsdPerGbMonth ?? 0) +
        (bytesAtClassRate / GIB) * price.storageUsdPerGbMonth;
    }
    const reads =
      readFraction * ((size / GIB) * price.retrievalUsdPerGb + price.readUsdPer1000 / 1000);
    return { total: storage + reads, reads };
  };

  const tallies = new Map<string, Tally>();
  for (const object of group.objects) {
    const from = classes.find((price) => price.storageClass === object.storageClass);
    if (!from || SELF_TIERING.has(`${provider}:${from.storageClass}`)) continue;
    const touched = Math.max(object.lastModified.getTime(), object.lastAccessed?.getTime() ?? 0);
    const idleDays = (now.getTime() - touched) / DAY_MS;
    const ageDays = (now.getTime() - object.lastModified.getTime()) / DAY_MS;
    const current = monthly(from, object.size).total;

    let best: Candidate | undefined;
    for (const target of targets) {
      const tier = tiers[target.storageClass];
      if (tier === undefined || target.coldness <= from.coldness) continue;
      if (UNSUPPORTED[provider].includes(`${from.storageClass}>${target.storageClass}`)) continue;
      if (idleDays < Math.max(idle[tier], target.minimumStorageDays)) continue;
      if (deleteAfterDays !== null && deleteAfterDays - ageDays < target.minimumStorageDays) {
        continue;
      }
      const projected = monthly(target, object.size);
      const transition = target.writeUsdPer1000 / 1000;
      const saving = current - projected.total - transition / amortisationMonths;
      if (saving > 0 && (!best || saving > best.saving)) {
        best = {
          target,
          current,
          projected: projected.total,
          retrieval: projected.reads,
          transition,
          saving,
        };
      }
    }
    if (!best) continue;

    const key = `${from.storageClass}>${best.target.storageClass}`;
    const tally = tallies.get(key) ?? {
      from,
      to: best.target,
      objects: 0,
      bytes: 0,
      current: 0,
      projected: 0,
      retrieval: 0,
      transition: 0,
      saving: 0,
      leastIdleDays: Number.POSITIVE_INFINITY,
    };
    tally.objects += 1;
    tally.bytes += object.size;
    tally.current += best.current;
    tally.projected += best.projected;
    tally.retrieval += best.retrieval;
    tally.transition += best.transition;
    tally.saving += best.saving;
    tally.leastIdleDays = Math.min(tally.leastIdleDays, idleDays);
    tallies.set(key, tally);
  }

  return [...tallies.values()]
    .filter((tally) => tally.saving > 0 && tally.saving >= minimumSaving)
    .sort((a, b) => b.saving - a.saving)
    .map((tally) => toRecommendation(tally, amortisationMonths, readFraction));
}

/** {@link recommendTiering} for each prefix of a bucket (see {@link groupByPrefix}). */
export function recommendTieringByPrefix(
  bucket: TieringGroup,
  depth: number,
  now: Date,
  options: TieringOptions = {},
): { prefix: string; recommendations: TieringRecommendation[] }[] {
  return groupByPrefix(bucket.objects, depth).map(({ prefix, objects }) => ({
    prefix,
    recommendations: recommendTiering({ ...bucket, objects }, now, options),
  }));
}

function toRecommendation(
  tally: Tally,
  amortisationMonths: number,
  readFraction: number,
): TieringRecommendation {
  const storageSaving = tally.current - tally.projected;
  const gib = tally.bytes / GIB;
  const reads =
    readFraction > 0
      ? ` Reading ${Math.round(readFraction * 100)}% of it a month costs ${cents(tally.retrieval)} there.`
      : '';
  const archive = tally.to.archive
    ? ` ${tally.to.storageClass} is an archive: an object must be restored (hours) before it can be read.`
    : '';
  return {
    fromClass: tally.from.storageClass,
    toClass: tally.to.storageClass,
    objects: tally.objects,
    bytes: tally.bytes,
    currentMonthlyCost: round4(tally.current),
    projectedMonthlyCost: round4(tally.projected),
    monthlySaving: round4(tally.saving),
    oneOffTransitionCost: round4(tally.transition),
    retrievalCostPerMonth: round4(tally.retrieval),
    minimumDurationDays: tally.to.minimumStorageDays,
    paybackMonths: tally.transition === 0 ? 0 : round4(tally.transition / storageSaving),
    explanation:
      `${tally.objects} object(s), ${gib.toFixed(2)} GiB in ${tally.from.storageClass} untouched ` +
      `for ${Math.floor(tally.leastIdleDays)}+ days: in ${tally.to.storageClass} they cost ` +
      `${cents(tally.projected)} a month instead of ${cents(tally.current)}.${reads} Moving them ` +
      `costs ${cents(tally.transition)} once (one request per object), counted over ` +
      `${amortisationMonths} months, so the saving is ${cents(tally.saving)} a month; the move ` +
      `${payback(tally.transition / storageSaving)}. ` +
      `${tally.to.storageClass} bills each object for at least ${tally.to.minimumStorageDays} ` +
      `days.${archive}` +
      (tally.to.confirmed ? '' : ' Its list price in this region is a best known figure.'),
  };
}
