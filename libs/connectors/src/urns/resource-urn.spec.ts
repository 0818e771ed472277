import { awsUrns } from '../providers/aws/aws-urns';
import { NO_REGION, urnCodec, urnProvider } from './resource-urn';

describe('the URN grammar codex:<provider>:<account>:<region>:<type>/<id>', () => {
  it('names an EC2 instance by account, region, type and instance id', () => {
    const urn = awsUrns.format({
      accountId: '123456789012',
      region: 'eu-west-1',
      resourceType: 'ec2/instance',
      resourceId: 'i-0abc',
    });

    expect(urn).toBe('codex:aws:123456789012:eu-west-1:ec2/instance/i-0abc');
  });

  it('reads back the address it was built from, including a cluster/service id', () => {
    const address = {
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'ecs/service' as const,
      resourceId: 'payments-prod/checkout',
    };

    expect(awsUrns.parse(awsUrns.format(address))).toEqual(address);
  });

  it.each([
    'codex:azure:sub:westeurope:vm/web-1',
    'codex:aws:123456789012:eu-west-1:rds/db/orders',
    'codex:aws:123456789012:eu-west-1:ec2/instance/',
    'codex:aws::eu-west-1:ec2/instance/i-0abc',
    'i-0abc',
  ])('the AWS codec rejects %s, which is none of its URNs', (text) => {
    expect(awsUrns.parse(text)).toBeUndefined();
  });

  it('lets another provider add its types, global ones included, with ids holding | and :', () => {
    const auth0 = urnCodec('auth0', ['user', 'role']);
    const address = {
      accountId: 'acme-prod',
      region: NO_REGION,
      resourceType: 'user' as const,
      resourceId: 'auth0|5f7c8ec7c33c6c004bbafe82',
    };

    const urn = auth0.format(address);

    expect(urn).toBe('codex:auth0:acme-prod:-:user/auth0|5f7c8ec7c33c6c004bbafe82');
    expect(auth0.parse(urn)).toEqual(address);
    expect(awsUrns.parse(urn)).toBeUndefined();
  });

  it('matches the longest type, so one type may extend another', () => {
    const azure = urnCodec('azure', ['storage', 'storage/container']);

    expect(
      azure.parse('codex:azure:sub-1:westeurope:storage/container/acct/logs')?.resourceType,
    ).toBe('storage/container');
  });

  it('reads the provider of any URN that follows the grammar', () => {
    expect(urnProvider('codex:gcp:proj:europe-west1:compute/instance/vm-1')).toBe('gcp');
    expect(urnProvider('arn:aws:ec2:eu-west-1:1:instance/i-1')).toBeUndefined();
  });
});
