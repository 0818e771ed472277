import type { Account } from '../../api/views';
import { when } from '../../components/format';

/** What identifies an account and how Codex reaches it, in its provider's words. */
export function AccountFacts({ account }: { account: Account }) {
  return (
    <dl className="facts">
      {account.provider === 'aws' ? (
        <>
          <dt>AWS account</dt>
          <dd>{account.externalAccountId}</dd>
          <dt>Regions</dt>
          <dd>{account.regions.join(', ')}</dd>
          <dt>Credentials</dt>
          <dd>
            {account.credentials.kind === 'access-keys'
              ? `Access key ${account.credentials.accessKeyId}`
              : `Role ${account.credentials.roleArn}`}
          </dd>
        </>
      ) : account.credentials.kind === 'service-account-key' ? (
        <>
          <dt>GCP project</dt>
          <dd>{account.externalAccountId}</dd>
          <dt>Locations</dt>
          <dd>{account.regions.length > 0 ? account.regions.join(', ') : 'Every location'}</dd>
          <dt>Service account</dt>
          <dd>
            {account.credentials.clientEmail}, key {account.credentials.privateKeyId}
          </dd>
        </>
      ) : (
        <>
          <dt>Azure subscription</dt>
          <dd>{account.externalAccountId}</dd>
          <dt>Locations</dt>
          <dd>{account.regions.length > 0 ? account.regions.join(', ') : 'Every location'}</dd>
          <dt>Service principal</dt>
          <dd>
            {account.credentials.clientId} in directory {account.credentials.tenantId}
            {account.credentials.kind === 'client-certificate'
              ? `, certificate ${account.credentials.certificateThumbprint}`
              : ', client secret'}
          </dd>
        </>
      )}
      <dt>Verified</dt>
      <dd>{when(account.verifiedAt)}</dd>
    </dl>
  );
}
