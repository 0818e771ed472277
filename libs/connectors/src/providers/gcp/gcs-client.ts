import { Storage } from '@google-cloud/storage';

import type { GcpAccountAccess } from './gcp-access';

/** The fields of a service-account key file that sign Google's tokens. */
interface ServiceAccountKeyFields {
  client_email: string;
  private_key: string;
}

/**
 * A Cloud Storage client for a GCP project, signed in with the account's service-account key.
 * With an endpoint override (a local peer) the SDK sends no token, as it does for emulators;
 * signed URLs are still signed with the key, as Google documents.
 */
export function gcsClient(access: GcpAccountAccess): Storage {
  const key = JSON.parse(access.credentials.keyJson) as ServiceAccountKeyFields;
  return new Storage({
    projectId: access.accountId,
    credentials: { client_email: key.client_email, private_key: key.private_key },
    ...(access.endpoint ? { apiEndpoint: access.endpoint } : {}),
    retryOptions: { autoRetry: true, maxRetries: 4 },
  });
}
