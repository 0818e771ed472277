import { useMutation } from '@tanstack/react-query';
import { Button } from 'react-aria-components';

import { unwrap } from '../../api/client';
import { when } from '../../components/format';
import { ProblemBanner } from '../../components/states';
import type { SignedUrl } from '../../lib/storage';
import { storageApi } from './storage-api';

/** A signed GET URL for one object, valid five minutes; every one is audited. */
export function useSignedDownload(bucketId: string, key: string) {
  return useMutation({
    mutationFn: () =>
      unwrap<SignedUrl>(
        storageApi.POST('/api/v1/storage/buckets/{id}/signed-urls', {
          params: { path: { id: bucketId } },
          body: { key, method: 'GET', expiresInSeconds: 300 },
        }),
      ),
  });
}

/** Download: a signed URL, opened in a new tab, and kept as a link in case that was blocked. */
export function ObjectDownload({ bucketId, objectKey }: { bucketId: string; objectKey: string }) {
  const signed = useSignedDownload(bucketId, objectKey);
  const name = objectKey.split('/').pop() || objectKey;
  return (
    <div className="stack">
      <div className="form-actions">
        <Button
          className="button"
          isDisabled={signed.isPending}
          onPress={() =>
            signed.mutate(undefined, {
              onSuccess: (url) => window.open(url.url, '_blank', 'noopener,noreferrer'),
            })
          }
        >
          {signed.isPending ? 'Signing…' : 'Download'}
        </Button>
      </div>
      {signed.data && (
        <p role="status">
          <a href={signed.data.url} target="_blank" rel="noopener noreferrer" download={name}>
            Download link for {name}
          </a>{' '}
          <span className="muted">(valid until {when(signed.data.expiresAt)})</span>
        </p>
      )}
      <ProblemBanner error={signed.error} />
    </div>
  );
}
