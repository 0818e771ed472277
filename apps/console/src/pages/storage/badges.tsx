import { Fragment } from 'react';

import {
  type BucketFinding,
  severityCounts,
  type StorageSeverity,
  storageSeverityTone,
} from '../../lib/storage';

export function StorageSeverityBadge({ severity }: { severity: StorageSeverity }) {
  return (
    <span className={`badge badge-${storageSeverityTone(severity)}`}>
      {severity.charAt(0).toUpperCase() + severity.slice(1)}
    </span>
  );
}

/** A bucket's findings as one badge per severity: `High 1`, `Low 2`. */
export function FindingsSummary({ findings }: { findings: BucketFinding[] }) {
  if (findings.length === 0) return <span className="muted">None</span>;
  return (
    <>
      {severityCounts(findings).map(({ severity, count }) => (
        <Fragment key={severity}>
          <span className={`badge badge-${storageSeverityTone(severity)}`}>
            {severity.charAt(0).toUpperCase() + severity.slice(1)} {count}
          </span>{' '}
        </Fragment>
      ))}
    </>
  );
}
