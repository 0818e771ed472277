/** How much of the content the text/binary decision reads. */
const SNIFF_BYTES = 8192;

/**
 * Binary when the first 8 KiB hold a NUL byte or more than 10% control bytes other than
 * tab, line feed, form feed, carriage return and escape. UTF-8 text never holds NUL.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < end; i += 1) {
    const byte = bytes[i] ?? 0;
    if (byte === 0) return true;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13 && byte !== 27) {
      control += 1;
    } else if (byte === 127) {
      control += 1;
    }
  }
  return control > end / 10;
}
