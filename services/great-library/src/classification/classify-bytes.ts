import { boundedGunzip, hasGzipMagic } from './bounded-gunzip';
import type { Classification } from './classification';
import type { ClassifierOptions } from './classifier-options';
import { detectorsFor } from './detector-set';
import { jsonStrings } from './json-strings';
import { looksBinary } from './looks-binary';
import { scanText } from './scan-text';

export interface ClassifyBytesOptions extends ClassifierOptions {
  /** The object's key: `.gz` and `.json` endings are hints. */
  readonly key?: string;
  readonly contentType?: string;
  /** Most (decompressed) bytes read; a sample, and the bound on a gzip bomb. */
  readonly maxBytes: number;
}

const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);

const endsWithGz = (key: string | undefined): boolean =>
  key?.toLowerCase().endsWith('.gz') ?? false;

function isJsonHinted(key: string | undefined, contentType: string | undefined, text: string) {
  if (contentType?.toLowerCase().includes('json')) return true;
  if (key?.toLowerCase().replace(/\.gz$/, '').endsWith('.json')) return true;
  const first = /\S/.exec(text.slice(0, 64))?.[0];
  return first === '{' || first === '[';
}

/**
 * Sensitive values in an object's bytes (or a sample of them): plain text, CSV, JSON, and
 * gzip of those. JSON that does not parse, a truncated sample for one, is read as text.
 */
export function classifyBytes(bytes: Uint8Array, options: ClassifyBytesOptions): Classification {
  const { key, contentType, maxBytes } = options;
  let content: Uint8Array = bytes;
  const gzipHinted = endsWithGz(key) || GZIP_TYPES.has(contentType?.toLowerCase() ?? '');
  if (hasGzipMagic(bytes) || gzipHinted) {
    const inflated = boundedGunzip(bytes, maxBytes);
    if (inflated) content = inflated;
    else if (hasGzipMagic(bytes)) {
      return { counts: {}, examples: {}, scannedBytes: 0, skipped: 'unreadable_gzip' };
    }
  }
  const sample = content.subarray(0, maxBytes);
  if (looksBinary(sample)) return { counts: {}, examples: {}, scannedBytes: 0, skipped: 'binary' };
  const text = Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength).toString('utf8');
  // Without escapes, JSON holds its keys and strings verbatim, apart by quotes: scanning the
  // text finds the same values without parsing it.
  const parse = isJsonHinted(key, contentType, text) && text.includes('\\');
  const scanned = (parse && jsonStrings(text)) || text;
  return { ...scanText(scanned, detectorsFor(options)), scannedBytes: sample.byteLength };
}
