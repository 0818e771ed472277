import { BillFormatError } from '../bill-reader';

/** What Codex reads of a Cost Management export run's manifest.json. */
export interface FocusExportManifest {
  runInfo: { runId: string; submittedTime?: string; startDate: string; endDate: string };
  exportConfig?: { exportName?: string; type?: string };
  blobs: { blobName: string; dataRowCount?: number; byteCount?: number }[];
  dataRowCount?: number;
}

export function parseFocusManifest(location: string, body: string): FocusExportManifest {
  let parsed: Partial<FocusExportManifest>;
  try {
    parsed = JSON.parse(body) as Partial<FocusExportManifest>;
  } catch (error) {
    throw new BillFormatError(location, `the manifest is not JSON (${(error as Error).message})`);
  }
  if (!parsed.runInfo?.runId || !parsed.runInfo.startDate) {
    throw new BillFormatError(location, 'the manifest has no runInfo.runId and startDate');
  }
  if (
    !Array.isArray(parsed.blobs) ||
    parsed.blobs.some((blob) => typeof blob?.blobName !== 'string')
  ) {
    throw new BillFormatError(location, 'the manifest has no blobs list');
  }
  return parsed as FocusExportManifest;
}
