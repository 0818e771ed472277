import { type Severity, severityTone } from '../../lib/directory';

/** A role, group or person that grants administration; the word carries the meaning. */
export function PrivilegedBadge() {
  return <span className="badge badge-warn">Privileged</span>;
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge badge-${severityTone(severity)}`}>
      {severity.charAt(0).toUpperCase() + severity.slice(1)}
    </span>
  );
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <span className="badge badge-good">Enabled</span>
  ) : (
    <span className="badge badge-bad">Blocked</span>
  );
}
