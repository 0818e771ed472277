import { useMutation } from '@tanstack/react-query';
import { Button } from 'react-aria-components';

import { ProblemBanner } from '../../components/states';
import { isTextLike, PREVIEW_BYTES } from '../../lib/storage';
import { useSignedDownload } from './ObjectDownload';

class PreviewBlocked extends Error {}

/**
 * The first 64 KB of a text-like object, read through a signed URL. The URL is on the storage
 * provider's origin: the console's content policy or the bucket's CORS rules may stop the
 * browser from reading it, which is said in words (Download still works).
 */
export function ObjectPreview({
  bucketId,
  objectKey,
  contentType,
}: {
  bucketId: string;
  objectKey: string;
  contentType: string | null;
}) {
  const signed = useSignedDownload(bucketId, objectKey);
  const read = useMutation({
    mutationFn: async () => {
      const { url } = await signed.mutateAsync();
      let response: Response;
      try {
        response = await fetch(url, { headers: { Range: `bytes=0-${PREVIEW_BYTES - 1}` } });
      } catch {
        throw new PreviewBlocked();
      }
      if (!response.ok)
        throw new PreviewBlocked(`The storage provider answered ${response.status}.`);
      const bytes = new Uint8Array(await response.arrayBuffer()).slice(0, PREVIEW_BYTES);
      return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    },
  });
  if (!isTextLike(objectKey, contentType))
    return <p className="muted">No preview: this does not look like text. Download it instead.</p>;
  return (
    <div className="stack">
      <div className="form-actions">
        <Button className="button" isDisabled={read.isPending} onPress={() => read.mutate()}>
          {read.isPending ? 'Reading…' : 'Preview'}
        </Button>
      </div>
      <ProblemBanner error={signed.error} />
      {read.error instanceof PreviewBlocked && (
        <p className="banner banner-warn" role="alert">
          The browser could not read this object from the storage provider
          {read.error.message ? ` (${read.error.message})` : ''}: its address is on another origin,
          which the console&apos;s content policy or the bucket&apos;s CORS rules do not allow.
          Download still works.
        </p>
      )}
      {read.data !== undefined && (
        <pre className="raw" tabIndex={0}>
          {read.data}
        </pre>
      )}
    </div>
  );
}
