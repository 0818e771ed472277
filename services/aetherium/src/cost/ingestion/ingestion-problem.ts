import { AccountUnavailableError, ProviderError } from '@codex/connectors';

import { BillFormatError } from '../readers/bill-reader';

/** What a failed ingestion tells its reader: which file and what is wrong, or who refused. */
export function ingestionError(error: unknown): string {
  if (error instanceof BillFormatError) return error.message;
  if (error instanceof ProviderError || error instanceof AccountUnavailableError) {
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `the source could not be read: ${message}`;
}
