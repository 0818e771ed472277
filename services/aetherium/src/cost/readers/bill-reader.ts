import type { ConnectedAccount } from '@codex/connectors';

import type { CostLine } from '../focus/cost-line';
import type { CostSource, CostSourceKind } from '../sources/cost-source.entity';

/** One billing period a source holds, with what identifies its latest delivery. */
export interface BillPeriod {
  /** `YYYY-MM`. */
  period: string;
  start: Date;
  end: Date;
  /** Changes whenever the provider delivers the period again (a restatement, late rows). */
  version: string;
}

export interface SourceContext {
  source: CostSource;
  account: ConnectedAccount;
  /** The account's id at the provider (AWS account, subscription, project). */
  externalAccountId: string;
}

/** Reads a provider's bill as FOCUS charges (ADR 22); one implementation per source kind. */
export interface BillReader {
  readonly kind: CostSourceKind;
  periods(context: SourceContext): Promise<BillPeriod[]>;
  /** Every charge of the period, in batches; throws BillFormatError on anything malformed. */
  read(context: SourceContext, period: BillPeriod): AsyncIterable<CostLine[]>;
}

/** A delivery Codex refuses: it names the file and what is wrong with it. */
export class BillFormatError extends Error {
  constructor(
    readonly location: string,
    reason: string,
  ) {
    super(`${location}: ${reason}`);
    this.name = 'BillFormatError';
  }
}

/** The first day of a `YYYY-MM` month and of the next, in UTC. */
export function monthBounds(period: string): { start: Date; end: Date } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 1)) };
}
