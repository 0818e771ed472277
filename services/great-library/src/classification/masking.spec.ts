import { type Category } from './categories';
import { detectorsFor } from './detector-set';

const SAMPLES: Record<Category, string[]> = {
  email: ['john.doe@example.com', 'a@wayne-enterprises.info', 'maria.garcia@mail.globex.de'],
  phone: ['+1 212-867-5309', '(415) 867-5309', '+44 20 7946 0958', '+31612345678'],
  payment_card: ['4111 1111 1111 1111', '4242424242424242', '3782 822463 10005'],
  iban: ['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000'],
  us_ssn: ['123-45-6789', '123 45 6789'],
  uk_nino: ['AB123456C', 'AB 12 34 56 C'],
  nl_bsn: ['123456782'],
  aws_access_key: ['AKIAIOSFODNN7EXAMPLE'],
  private_key: ['-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----'],
  jwt: [
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ],
};

/** Runs of five letters or digits of the mask that also occur in the value. */
function leakedRuns(value: string, mask: string): string[] {
  const lower = value.toLowerCase();
  const runs = mask.toLowerCase().match(/[a-z0-9]{5,}/g) ?? [];
  return runs.flatMap((run) =>
    Array.from({ length: run.length - 4 }, (_, i) => run.slice(i, i + 5)).filter((piece) =>
      lower.includes(piece),
    ),
  );
}

describe.each(Object.entries(SAMPLES))('masking %s', (category, values) => {
  const detector = detectorsFor().find((d) => d.category === category);

  it.each(values)('does not give away %s', (value) => {
    expect(detector?.validate(value)).toBe(true);
    const mask = detector?.mask(value) ?? value;
    expect(mask).not.toContain(value);
    expect(leakedRuns(value, mask)).toEqual([]);
    expect(mask.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
    // A private key's mask names its kind; there is no value to star out.
    if (category !== 'private_key') expect(mask).toMatch(/\*/);
  });
});
