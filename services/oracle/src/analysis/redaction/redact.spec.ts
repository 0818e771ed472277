import { redact } from './redact';

/** Each seeded value, the text it hides in, and the placeholder kind that must replace it. */
const CORPUS: { secret: string; text: string; placeholder: RegExp }[] = [
  {
    secret: 'ada.lovelace@example.org',
    text: 'owner: ada.lovelace@example.org',
    placeholder: /\[EMAIL_1\]/,
  },
  {
    secret: 'AKIAIOSFODNN7EXAMPLE',
    text: 'key id AKIAIOSFODNN7EXAMPLE in the user data',
    placeholder: /\[AWS_ACCESS_KEY_1\]/,
  },
  {
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    text: 'export AWS_SECRET=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    placeholder: /\[(AWS_SECRET_KEY|PASSWORD)_1\]/,
  },
  {
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    text: 'tag backup-creds wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    placeholder: /\[AWS_SECRET_KEY_1\]/,
  },
  {
    secret: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
    text: 'cookie session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
    placeholder: /\[JWT_1\]/,
  },
  {
    secret: 'ghp_0123456789abcdefABCDEF',
    text: 'Authorization: Bearer ghp_0123456789abcdefABCDEF',
    placeholder: /Bearer \[BEARER_TOKEN_1\]/,
  },
  {
    secret: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    text: 'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END RSA PRIVATE KEY-----\nafter',
    placeholder: /key:\n\[PRIVATE_KEY_1\]\nafter/,
  },
  {
    secret: 's3cr3t-Pa55',
    text: 'DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/app',
    placeholder: /postgres:\/\/app:\[URL_PASSWORD_1\]@db\.internal/,
  },
  {
    secret: 'Hunter2!x',
    text: 'Server=tcp:db;Database=app;User Id=app;Password=Hunter2!x;Encrypt=true',
    placeholder: /Password=\[PASSWORD_1\];Encrypt/,
  },
  { secret: '10.20.30.40', text: 'private ip 10.20.30.40 on eth0', placeholder: /\[IP_1\] on/ },
  {
    secret: '2001:db8::8a2e:370:7334',
    text: 'ipv6 2001:db8::8a2e:370:7334 public',
    placeholder: /\[IP_1\] public/,
  },
  {
    secret: '+44 20 7946 0958',
    text: 'on call: +44 20 7946 0958',
    placeholder: /on call: \[PHONE_1\]/,
  },
  { secret: '(212) 555-0123', text: 'desk (212) 555-0123', placeholder: /desk \[PHONE_1\]/ },
];

describe('redact', () => {
  it.each(CORPUS)('hides $secret', ({ secret, text, placeholder }) => {
    const redacted = redact(text).text;
    expect(redacted).not.toContain(secret);
    expect(redacted).toMatch(placeholder);
  });

  it('hides every seeded value of the corpus written together', () => {
    const redacted = redact(CORPUS.map((entry) => entry.text).join('\n')).text;
    for (const { secret } of CORPUS) expect(redacted).not.toContain(secret);
  });

  it('keeps what the analysis needs: urns, ids, amounts, dates, instance types, hex digests', () => {
    const text =
      '[ref:urn:codex:aws:ec2:us-east-1:123456789012:instance/i-0abc12345def67890] t3.large running, ' +
      'cost 1234.56 USD on 2026-11-30, 2.322020000 USD on 2026-11-03, cpu 2.5%, sha1 3f786850e387550fdab836ed7e6dc881de23001b';
    expect(redact(text).text).toBe(text);
  });

  it('gives the same value the same placeholder and counts distinct values', () => {
    const result = redact('a@x.io wrote to b@y.io and again to a@x.io');
    expect(result.text).toBe('[EMAIL_1] wrote to [EMAIL_2] and again to [EMAIL_1]');
    expect(result.counts).toEqual({ email: 2 });
  });
});
