import { arnLastPathPart, awsResourceUrn, parseAwsResourceUrn } from './resource-urn';

describe('AWS resource URNs', () => {
  it('names an EC2 instance by account, region, type and instance id', () => {
    const urn = awsResourceUrn({
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

    expect(parseAwsResourceUrn(awsResourceUrn(address))).toEqual(address);
  });

  it.each([
    'codex:azure:sub:westeurope:vm/web-1',
    'codex:aws:123456789012:eu-west-1:s3/bucket/logs',
    'codex:aws:123456789012:eu-west-1:ec2/instance/',
    'i-0abc',
  ])('rejects %s, which is not an AWS compute URN', (text) => {
    expect(parseAwsResourceUrn(text)).toBeUndefined();
  });

  it('takes the last path part of an ECS ARN', () => {
    expect(arnLastPathPart('arn:aws:ecs:eu-west-1:123456789012:cluster/web-staging')).toBe(
      'web-staging',
    );
    expect(arnLastPathPart('arn:aws:ecs:eu-west-1:123456789012:service/web-staging/api')).toBe(
      'api',
    );
  });
});
