import { constants, gunzipSync } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

export const hasGzipMagic = (bytes: Uint8Array): boolean =>
  bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];

function gunzipAtMost(input: Uint8Array, maxBytes: number): Buffer {
  // A sync flush at the end yields what a truncated sample decompresses to, without an error.
  return gunzipSync(input, { maxOutputLength: maxBytes, finishFlush: constants.Z_SYNC_FLUSH });
}

/**
 * Up to `maxBytes` of the decompressed content; undefined when the data is not gzip.
 *
 * zlib refuses, rather than truncates, output over the limit. Then the longest prefix of
 * the input whose output fits is found by bisection, each try itself bounded by `maxBytes`,
 * so a gzip bomb costs at most ~log2(input) bounded inflates and never more memory.
 */
export function boundedGunzip(input: Uint8Array, maxBytes: number): Buffer | undefined {
  try {
    return gunzipAtMost(input, maxBytes);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') return undefined;
  }
  let fits: Buffer = Buffer.alloc(0);
  let low = 0;
  let high = input.length;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    try {
      fits = gunzipAtMost(input.subarray(0, middle), maxBytes);
      low = middle;
    } catch {
      high = middle;
    }
  }
  return fits;
}
