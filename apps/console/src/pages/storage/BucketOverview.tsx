import { when } from '../../components/format';
import {
  type Bucket,
  BUCKET_FINDING_LABELS,
  classMixRows,
  findingsBySeverity,
  formatBytes,
  STORAGE_PROVIDER_LABELS,
} from '../../lib/storage';
import { StorageSeverityBadge } from './badges';

export function BucketFacts({ bucket }: { bucket: Bucket }) {
  const { configuration } = bucket;
  return (
    <section aria-labelledby="configuration-heading" className="stack">
      <h2 id="configuration-heading">Configuration</h2>
      <dl className="facts">
        <dt>Provider</dt>
        <dd>{STORAGE_PROVIDER_LABELS[bucket.provider]}</dd>
        <dt>Account</dt>
        <dd className="mono break">{bucket.externalAccountId}</dd>
        <dt>Region</dt>
        <dd>{bucket.region}</dd>
        <dt>Objects</dt>
        <dd>
          {bucket.objectCount.toLocaleString('en')}
          {bucket.countsPartial ? ' (at least; the count stopped at its limit)' : ''}
        </dd>
        <dt>Size</dt>
        <dd>{formatBytes(bucket.totalBytes)}</dd>
        <dt>Public access</dt>
        <dd>{configuration.publicAccess.join('; ') || 'None'}</dd>
        <dt>Encryption</dt>
        <dd>{configuration.encryption ?? 'None'}</dd>
        <dt>Versioning</dt>
        <dd>{configuration.versioning ? 'On' : 'Off'}</dd>
        <dt>Lifecycle rules</dt>
        <dd>{configuration.lifecycleRules}</dd>
        <dt>Access logging</dt>
        <dd>{configuration.accessLogging ?? 'Off'}</dd>
        <dt>Discovered</dt>
        <dd>{when(bucket.discoveredAt)}</dd>
        <dt>URN</dt>
        <dd className="mono break">{bucket.urn}</dd>
      </dl>
    </section>
  );
}

export function BucketFindings({ bucket }: { bucket: Bucket }) {
  return (
    <section aria-labelledby="bucket-findings-heading" className="stack">
      <h2 id="bucket-findings-heading">Findings</h2>
      {bucket.findings.length === 0 ? (
        <p className="muted">Nothing to look at.</p>
      ) : (
        <ul className="list">
          {findingsBySeverity(bucket.findings).map((finding) => (
            <li key={finding.kind}>
              <StorageSeverityBadge severity={finding.severity} />{' '}
              <strong>{BUCKET_FINDING_LABELS[finding.kind] ?? finding.kind}</strong>:{' '}
              {finding.detail}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ClassMix({ bucket }: { bucket: Bucket }) {
  const rows = classMixRows(bucket.classMix);
  return (
    <section aria-labelledby="class-mix-heading" className="stack">
      <h2 id="class-mix-heading">Storage classes</h2>
      {rows.length === 0 ? (
        <p className="muted">No objects counted.</p>
      ) : (
        <div className="table-scroll">
          <table className="table compact">
            <caption className="visually-hidden">Objects and bytes by storage class</caption>
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col">Objects</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.storageClass}>
                  <th scope="row">{row.storageClass}</th>
                  <td>{row.objects.toLocaleString('en')}</td>
                  <td>{formatBytes(row.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
