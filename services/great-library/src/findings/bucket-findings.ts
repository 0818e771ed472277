import type { BucketConfiguration } from '../storage/ports';

export const BUCKET_FINDING_KINDS = [
  'public_access',
  'unencrypted',
  'versioning_disabled',
  'no_lifecycle_rules',
  'access_logging_disabled',
  'personal_data',
  'secrets',
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
  personal_data: 'medium',
  secrets: 'high',
};

/** Categories of the classifier that are credentials, not personal data. */
const SECRET_CATEGORIES: ReadonlySet<string> = new Set(['aws_access_key', 'private_key', 'jwt']);

/**
 * The risks in a bucket's configuration and, once the classifier sampled it, in its contents.
 * Each is a step more severe when the bucket holds personal data or secrets, and what it holds
 * a step more severe when the bucket is public. Pure.
 */
export function bucketFindings(
  configuration: BucketConfiguration,
  sensitive: Record<string, number> | null,
): BucketFinding[] {
  const found: Omit<BucketFinding, 'severity'>[] = [];
  const held = Object.entries(sensitive ?? {}).filter(([, count]) => count > 0);
  const personal = held.filter(([category]) => !SECRET_CATEGORIES.has(category));
  const secrets = held.filter(([category]) => SECRET_CATEGORIES.has(category));
  const holdsPersonalData = held.length > 0;
  const isPublic = configuration.publicAccess.length > 0;
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
  if (personal.length > 0) {
    found.push({
      kind: 'personal_data',
      detail: `the sampled objects hold ${described(personal)}`,
    });
  }
  if (secrets.length > 0) {
    found.push({ kind: 'secrets', detail: `the sampled objects hold ${described(secrets)}` });
  }
  return found.map((finding) => {
    const contents = finding.kind === 'personal_data' || finding.kind === 'secrets';
    return {
      ...finding,
      severity: raised(BASE_SEVERITY[finding.kind], contents ? isPublic : holdsPersonalData),
    };
  });
}

function described(counts: [string, number][]): string {
  return counts.map(([category, count]) => `${count} ${category.replaceAll('_', ' ')}`).join(', ');
}

function raised(severity: Severity, raise: boolean): Severity {
  if (!raise) return severity;
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)] ?? severity;
}
