import { BillFormatError } from '../bill-reader';

/** What Codex reads of a Data Exports Manifest.json. */
export interface CurManifest {
  executionId: string;
  billingPeriod: { start: string; end: string };
  dataFiles: string[];
}

export function parseCurManifest(location: string, body: string): CurManifest {
  let parsed: Partial<CurManifest>;
  try {
    parsed = JSON.parse(body) as Partial<CurManifest>;
  } catch (error) {
    throw new BillFormatError(location, `the manifest is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed.executionId !== 'string' || !parsed.executionId) {
    throw new BillFormatError(location, 'the manifest has no executionId');
  }
  if (
    !Array.isArray(parsed.dataFiles) ||
    parsed.dataFiles.some((file) => typeof file !== 'string')
  ) {
    throw new BillFormatError(location, 'the manifest has no dataFiles list');
  }
  return parsed as CurManifest;
}

/** `s3://bucket/key` into its parts. */
export function s3Location(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match?.[1] || !match[2]) throw new BillFormatError(uri, 'a data file is not an s3:// URI');
  return { bucket: match[1], key: match[2] };
}
