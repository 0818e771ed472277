import type { ReactNode } from 'react';

import { type Bucket, BUCKET_RESOURCE_TYPES } from '../../lib/storage';
import { IdentityActionForm, type IdentityIntent } from '../directory/IdentityActionDialog';

/**
 * The console's request-action flow (reason, dry run and its plan, then the request with an
 * Idempotency-Key, on to the action's page) for a storage action on a bucket. The flow is the
 * one the directory's governance actions use; only the catalogue entry differs.
 */
export function StorageActionForm({
  bucket,
  intent,
  missing,
  children,
  close,
}: {
  bucket: Bucket;
  intent: IdentityIntent | undefined;
  missing?: string;
  children?: (errorFor: (field: string) => string | undefined) => ReactNode;
  close: () => void;
}) {
  return (
    <IdentityActionForm
      entry={{ provider: bucket.provider, resourceType: BUCKET_RESOURCE_TYPES[bucket.provider] }}
      intent={intent}
      fields={['params.storageClass', 'params.keys']}
      {...(missing ? { missing } : {})}
      {...(children ? { children } : {})}
      close={close}
    />
  );
}
