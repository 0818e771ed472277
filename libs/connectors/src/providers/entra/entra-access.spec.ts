import type { AccessRecord } from '../../accounts/access-record';
import { AccountUnavailableError } from '../../accounts/account-unavailable-error';
import { openEntraAccess } from './entra-access';

const record = (credentialKind: AccessRecord['credentialKind']): AccessRecord => ({
  accountId: 'acc-1',
  externalAccountId: '72f988bf-0000-4000-8000-00000000c0de',
  regions: [],
  credentialKind,
  settings: { clientId: 'app-1' },
});

describe('openEntraAccess', () => {
  it('opens a client secret with the Graph endpoint and the authority of the endpoints', () => {
    expect(
      openEntraAccess(record('client-secret'), 's3cret', {
        entra: 'https://127.0.0.1:18444',
        entraAuthority: 'https://127.0.0.1:18443',
        azure: 'https://elsewhere',
      }),
    ).toEqual({
      provider: 'entra',
      accountId: '72f988bf-0000-4000-8000-00000000c0de',
      regions: [],
      endpoint: 'https://127.0.0.1:18444',
      authorityHost: 'https://127.0.0.1:18443',
      credentials: { kind: 'client-secret', clientId: 'app-1', clientSecret: 's3cret' },
    });
  });

  it('opens a certificate, and no overrides without endpoints', () => {
    expect(openEntraAccess(record('client-certificate'), 'PEM')).toEqual({
      provider: 'entra',
      accountId: '72f988bf-0000-4000-8000-00000000c0de',
      regions: [],
      credentials: { kind: 'client-certificate', clientId: 'app-1', certificatePem: 'PEM' },
    });
  });

  it('refuses other credential kinds', () => {
    expect(() => openEntraAccess(record('access-keys'), '{}')).toThrow(AccountUnavailableError);
  });
});
