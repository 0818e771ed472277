import { Fragment } from 'react';
import { Button } from 'react-aria-components';

import { when } from '../../components/format';
import { QueryState } from '../../components/states';
import { formatBytes } from '../../lib/storage';
import { useCan } from '../../session/session';
import { ObjectDownload } from './ObjectDownload';
import { ObjectPreview } from './ObjectPreview';
import { useObjectMetadata } from './storage-queries';

/** One object: its metadata from the provider, Download and Preview (operator). */
export function ObjectDetails({
  bucketId,
  objectKey,
  close,
}: {
  bucketId: string;
  objectKey: string;
  close: () => void;
}) {
  const metadata = useObjectMetadata(bucketId, objectKey);
  const canOperate = useCan('operator');
  return (
    <div className="stack">
      <QueryState
        query={metadata}
        loadingLabel="Reading the object's metadata…"
        isEmpty={() => false}
        empty={null}
      >
        {(object) => (
          <div className="stack">
            <dl className="facts">
              <dt>Key</dt>
              <dd className="mono break">{object.key}</dd>
              <dt>Size</dt>
              <dd>{formatBytes(object.size)}</dd>
              <dt>Storage class</dt>
              <dd>{object.storageClass}</dd>
              <dt>Content type</dt>
              <dd>{object.contentType ?? '—'}</dd>
              <dt>Last modified</dt>
              <dd>{when(object.lastModified)}</dd>
              <dt>MD5</dt>
              <dd className="mono break">{object.md5 ?? '—'}</dd>
              <dt>Version</dt>
              <dd className="mono break">{object.versionId ?? '—'}</dd>
              {Object.entries(object.metadata).map(([name, value]) => (
                <Fragment key={name}>
                  <dt>{name}</dt>
                  <dd className="break">{value}</dd>
                </Fragment>
              ))}
            </dl>
            {canOperate ? (
              <>
                <ObjectDownload bucketId={bucketId} objectKey={object.key} />
                <ObjectPreview
                  bucketId={bucketId}
                  objectKey={object.key}
                  contentType={object.contentType}
                />
              </>
            ) : (
              <p className="muted">Downloading and previewing need the operator role.</p>
            )}
          </div>
        )}
      </QueryState>
      <div className="form-actions">
        <Button className="button" onPress={close}>
          Close
        </Button>
      </div>
    </div>
  );
}
