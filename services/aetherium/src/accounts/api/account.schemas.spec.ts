import { validate, ValidationProblem } from '@codex/platform';

import { newAccount } from './account.schemas';

const valid = {
  provider: 'aws',
  name: 'production',
  regions: ['eu-west-1'],
  credentials: {
    kind: 'access-keys',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  },
};

function badFields(body: unknown): string[] {
  try {
    validate(newAccount, body, 'body');
  } catch (error) {
    if (error instanceof ValidationProblem) {
      const { errors } = error.getResponse() as { errors: { field: string }[] };
      return errors.map((problem) => problem.field).sort();
    }
    throw error;
  }
  return [];
}

describe('a new account body', () => {
  it('accepts access keys and an assumed role', () => {
    expect(badFields(valid)).toEqual([]);
    expect(
      badFields({
        ...valid,
        credentials: {
          kind: 'assume-role',
          roleArn: 'arn:aws:iam::210987654321:role/codex-reader',
          externalId: 'codex-7f3a',
        },
      }),
    ).toEqual([]);
  });

  it.each([
    ['another provider', { ...valid, provider: 'gcp' }, ['body.provider']],
    ['an unknown region', { ...valid, regions: ['eu-west-1', 'mars-1'] }, ['body.regions.1']],
    ['no region', { ...valid, regions: [] }, ['body.regions']],
    ['too many regions', { ...valid, regions: Array(21).fill('eu-west-1') }, ['body.regions']],
    ['a region twice', { ...valid, regions: ['eu-west-1', 'eu-west-1'] }, ['body.regions']],
    ['an unknown field', { ...valid, owner: 'me' }, ['body.owner']],
    [
      'a missing secret key and an extra credential field',
      {
        ...valid,
        credentials: { kind: 'access-keys', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', token: 'x' },
      },
      ['body.credentials.secretAccessKey', 'body.credentials.token'],
    ],
    [
      'a malformed role ARN',
      {
        ...valid,
        credentials: { kind: 'assume-role', roleArn: 'role/x', externalId: 'codex-7f3a' },
      },
      ['body.credentials.roleArn'],
    ],
    [
      'an unknown credential kind',
      { ...valid, credentials: { kind: 'password', password: 'x' } },
      ['body.credentials.kind'],
    ],
  ])('refuses %s, naming the field', (_case, body, fields) => {
    expect(badFields(body)).toEqual(fields);
  });

  it('counts the name after trimming it: 201 characters behind leading spaces are refused', () => {
    const padded = (length: number) => `${' '.repeat(30)}${'n'.repeat(length)}  `;

    expect(badFields({ ...valid, name: padded(201) })).toEqual(['body.name']);
    expect(badFields({ ...valid, name: ' '.repeat(250) })).toEqual(['body.name']);
    expect(validate(newAccount, { ...valid, name: padded(200) }, 'body').name).toBe(
      'n'.repeat(200),
    );
  });

  it('never repeats a rejected secret in its messages', () => {
    const secret = 'not a valid secret key at all!';
    try {
      validate(
        newAccount,
        { ...valid, credentials: { ...valid.credentials, secretAccessKey: secret } },
        'body',
      );
    } catch (error) {
      expect(JSON.stringify((error as ValidationProblem).getResponse())).not.toContain(secret);
      return;
    }
    throw new Error('the body was accepted');
  });
});
