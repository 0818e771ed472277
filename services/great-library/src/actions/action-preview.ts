import { storageListPrice } from '@codex/contracts';

import type { StoredObject } from '../storage/ports';

const GIB = 2 ** 30;

/** Where the objects end up: another bucket (copy, move), another class, or nowhere (delete). */
export type PreviewEffect =
  | { kind: 'transfer'; move: boolean; provider: string; region: string; storageClass: string }
  | { kind: 'class'; storageClass: string }
  | { kind: 'delete' };

export interface ActionPreview {
  objects: number;
  bytes: number;
  byClass: Record<string, { objects: number; bytes: number }>;
  /** The first keys, in listing order. */
  keys: string[];
  /** USD a month after the action minus before, at list prices; null where a price is unknown. */
  monthlyCostDelta: number | null;
  /** USD paid once: one write request per object into its new class or bucket. */
  oneOffCost: number | null;
  costBasis: string;
}

const SHOWN_KEYS = 20;

/**
 * What an action would do to the objects it selects, and its cost at list prices (storage per
 * GiB-month, minimum billable sizes, one write request per object; data transfer between
 * clouds is not priced here). Pure.
 */
export function previewAction(
  source: { provider: string; region: string },
  objects: readonly StoredObject[],
  effect: PreviewEffect,
): ActionPreview {
  const byClass: ActionPreview['byClass'] = {};
  let bytes = 0;
  for (const object of objects) {
    const entry = (byClass[object.storageClass] ??= { objects: 0, bytes: 0 });
    entry.objects += 1;
    entry.bytes += object.size;
    bytes += object.size;
  }
  const cost = costOf(source, objects, effect);
  return {
    objects: objects.length,
    bytes,
    byClass,
    keys: objects.slice(0, SHOWN_KEYS).map((object) => object.key),
    monthlyCostDelta: cost && round(cost.monthly),
    oneOffCost: cost && round(cost.once),
    costBasis: cost
      ? 'list prices (storage per GiB-month, minimum billable sizes, one write request per object); data transfer not included'
      : 'no list price for a class or region involved',
  };
}

function costOf(
  source: { provider: string; region: string },
  objects: readonly StoredObject[],
  effect: PreviewEffect,
): { monthly: number; once: number } | null {
  let monthly = 0;
  let once = 0;
  for (const object of objects) {
    const before = monthlyStorage(source.provider, source.region, object.storageClass, object.size);
    if (before === null) return null;
    if (effect.kind === 'delete') {
      monthly -= before;
      continue;
    }
    const target =
      effect.kind === 'class'
        ? { provider: source.provider, region: source.region, storageClass: effect.storageClass }
        : effect;
    const after = monthlyStorage(target.provider, target.region, target.storageClass, object.size);
    const write = price(target.provider, target.region, target.storageClass)?.writeUsdPer1000;
    if (after === null || write === undefined) return null;
    monthly += effect.kind === 'transfer' && !effect.move ? after : after - before;
    once += write / 1000;
  }
  return { monthly, once };
}

function monthlyStorage(provider: string, region: string, storageClass: string, size: number) {
  const row = price(provider, region, storageClass);
  if (!row) return null;
  return (Math.max(size, row.minimumBillableBytes) / GIB) * row.storageUsdPerGbMonth;
}

function price(provider: string, region: string, storageClass: string) {
  if (provider !== 'aws' && provider !== 'gcp' && provider !== 'azure') return undefined;
  return storageListPrice(provider, region, storageClass);
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
