import type { Classification } from './classification';
import type { ClassifierOptions } from './classifier-options';
import { detectorsFor } from './detector-set';
import { scanText } from './scan-text';

/** Sensitive values in plain text (CSV and logs included). */
export function classifyText(text: string, options: ClassifierOptions = {}): Classification {
  return { ...scanText(text, detectorsFor(options)), scannedBytes: Buffer.byteLength(text) };
}
