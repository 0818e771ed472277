import type { BucketConfiguration } from '../storage/ports';
import { bucketFindings } from './bucket-findings';

const kept: BucketConfiguration = {
  publicAccess: [],
  encryption: 'AES256',
  versioning: true,
  lifecycleRules: 1,
  accessLogging: 'logs-bucket',
};

const summary = (configuration: BucketConfiguration, sensitive: Record<string, number> | null) =>
  bucketFindings(configuration, sensitive).map(({ kind, severity }) => `${kind}:${severity}`);

describe('bucket findings', () => {
  it('finds nothing in a well-kept bucket that holds nothing sensitive', () => {
    expect(summary(kept, null)).toEqual([]);
    expect(summary(kept, { email: 0 })).toEqual([]);
  });

  it('names each risk of the configuration at its base severity', () => {
    expect(
      summary(
        {
          publicAccess: ['IAM binds allUsers to roles/storage.objectViewer'],
          encryption: null,
          versioning: false,
          lifecycleRules: 0,
          accessLogging: null,
        },
        null,
      ),
    ).toEqual([
      'public_access:high',
      'unencrypted:high',
      'versioning_disabled:low',
      'no_lifecycle_rules:info',
      'access_logging_disabled:low',
    ]);
  });

  it("does not report logging a provider's API here cannot see", () => {
    expect(summary({ ...kept, accessLogging: 'unknown' }, null)).toEqual([]);
  });

  it('raises every configuration risk a step when the bucket holds personal data or secrets', () => {
    expect(summary({ ...kept, encryption: null, versioning: false }, { email: 3 })).toEqual([
      'unencrypted:critical',
      'versioning_disabled:medium',
      'personal_data:medium',
    ]);
  });

  it('tells personal data from secrets, and raises both when the bucket is public', () => {
    const findings = bucketFindings(
      { ...kept, publicAccess: ['the ACL grants READ to AllUsers'] },
      { email: 2, us_ssn: 1, aws_access_key: 1, jwt: 0 },
    );
    expect(findings.map(({ kind, severity }) => `${kind}:${severity}`)).toEqual([
      'public_access:critical',
      'personal_data:high',
      'secrets:critical',
    ]);
    expect(findings[1]?.detail).toBe('the sampled objects hold 2 email, 1 us ssn');
    expect(findings[2]?.detail).toBe('the sampled objects hold 1 aws access key');
  });
});
