import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';

import { unwrap } from '../../api/client';
import { when } from '../../components/format';
import { ProblemBanner, QueryState } from '../../components/states';
import { Field } from '../../components/ui';
import {
  type Bucket,
  examplesText,
  formatBytes,
  objectsWithFindings,
  personalDataText,
  type ScanResult,
} from '../../lib/storage';
import { useCan } from '../../session/session';
import { storageApi } from './storage-api';
import { storageKeys, useClassifications } from './storage-queries';

function ScanButton({ bucket }: { bucket: Bucket }) {
  const queries = useQueryClient();
  const [prefix, setPrefix] = useState('');
  const scan = useMutation({
    mutationFn: () =>
      unwrap<ScanResult>(
        storageApi.POST('/api/v1/storage/buckets/{id}/scans', {
          params: { path: { id: bucket.id } },
          body: prefix.trim() ? { prefix: prefix.trim() } : {},
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: storageKeys.all }),
  });
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        scan.mutate();
      }}
    >
      <Field
        label="Prefix to scan"
        name="scanPrefix"
        value={prefix}
        onChange={setPrefix}
        description="Leave empty to scan the whole bucket."
        autoComplete="off"
      />
      <div className="form-actions">
        <Button type="submit" className="button button-primary" isDisabled={scan.isPending}>
          {scan.isPending ? 'Scanning…' : 'Scan for personal data'}
        </Button>
      </div>
      <ProblemBanner error={scan.error} />
      {scan.data && (
        <p role="status">
          Scanned {scan.data.objectsScanned.toLocaleString('en')} objects (
          {formatBytes(scan.data.bytesScanned)}): {personalDataText(scan.data.counts)}.
        </p>
      )}
    </form>
  );
}

/** What the classifier found in the bucket, object by object, with masked examples. */
export function PersonalDataScan({ bucket }: { bucket: Bucket }) {
  const canOperate = useCan('operator');
  const classifications = useClassifications(bucket.id);
  return (
    <section aria-labelledby="personal-data-heading" className="stack">
      <h2 id="personal-data-heading">Personal data</h2>
      <p>{personalDataText(bucket.personalData)}</p>
      {canOperate && <ScanButton bucket={bucket} />}
      <QueryState
        query={classifications}
        loadingLabel="Loading what the scans found…"
        isEmpty={(list) => objectsWithFindings(list.items).length === 0}
        empty={
          <p>
            {bucket.personalData === null
              ? 'No scan has run yet.'
              : 'No sampled object holds personal data or secrets.'}
          </p>
        }
      >
        {(list) => (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Objects with personal data</caption>
              <thead>
                <tr>
                  <th scope="col">Object</th>
                  <th scope="col">Found</th>
                  <th scope="col">Examples (masked)</th>
                  <th scope="col">Scanned</th>
                </tr>
              </thead>
              <tbody>
                {objectsWithFindings(list.items).map((item) => (
                  <tr key={item.key}>
                    <th scope="row" className="mono break">
                      {item.key}
                    </th>
                    <td>{personalDataText(item.counts)}</td>
                    <td className="mono break">{examplesText(item.examples) || '—'}</td>
                    <td>{when(item.scannedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}
