import type { BucketConfiguration } from '../storage/ports';

export const BUCKET_FINDING_KINDS = [
  'public_access',
  'unencrypted',
  'versioning_disabled',
  'no_lifecycle_rules',
  'access_logging_disabled',
] as const;
export type BucketFindingKind = (typeof BUCKET_FINDING_KINDS)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface BucketFinding {
  kind: BucketFindingKind;
  severity: Severity;
  detail: string;
}

/** Each risk's severity when the bucket holds no personal data or secrets (as far as known). */
const BASE_SEVERITY: Record<BucketFindingKind, Severity> = {
  public_access: 'high',
  unencrypted: 'high',
  versioning_disabled: 'low',
  no_lifecycle_rules: 'info',
  access_logging_disabled: 'low',
};

/**
 * The risks in a bucket's configuration, each a step more severe when the classifier found
 * personal data or secrets in it. Pure.
 */
export function bucketFindings(
  configuration: BucketConfiguration,
  holdsPersonalData: boolean,
): BucketFinding[] {
  const found: Omit<BucketFinding, 'severity'>[] = [];
  if (configuration.publicAccess.length > 0) {
    found.push({ kind: 'public_access', detail: configuration.publicAccess.join('; ') });
  }
  if (configuration.encryption === null) {
    found.push({ kind: 'unencrypted', detail: 'no default encryption at rest is set' });
  }
  if (!configuration.versioning) {
    found.push({
      kind: 'versioning_disabled',
      detail: 'an overwritten or deleted object cannot be recovered',
    });
  }
  if (configuration.lifecycleRules === 0) {
    found.push({
      kind: 'no_lifecycle_rules',
      detail: 'nothing moves old objects to a colder class or expires them',
    });
  }
  if (configuration.accessLogging === null) {
    found.push({ kind: 'access_logging_disabled', detail: 'reads and writes are not logged' });
  }
  return found.map((finding) => ({
    ...finding,
    severity: raised(BASE_SEVERITY[finding.kind], holdsPersonalData),
  }));
}

function raised(severity: Severity, holdsPersonalData: boolean): Severity {
  if (!holdsPersonalData) return severity;
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)] ?? severity;
}
