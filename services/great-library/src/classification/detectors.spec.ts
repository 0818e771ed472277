import { type Category } from './categories';
import { classifyText } from './classify-text';
import { detectorsFor } from './detector-set';
import { emailDetector } from './detectors';

/** The validated matches of one category's detector in `text`. */
function found(category: Category, text: string): string[] {
  const detector = detectorsFor().find((d) => d.category === category);
  if (!detector) throw new Error(`no detector for ${category}`);
  return [...text.matchAll(detector.pattern)].map((m) => m[0]).filter((v) => detector.validate(v));
}

const cases: Record<Category, { valid: string[]; invalid: string[] }> = {
  email: {
    valid: ['john.doe@example.com', 'j.doe+billing@mail.globex.de', 'x_y@initech.co.uk'],
    invalid: [
      'john@localhost',
      'john@example',
      'john@example.c',
      '.john@example.com',
      'a..b@x.com',
    ],
  },
  phone: {
    valid: [
      '+1 212-867-5309',
      '(415) 867-5309',
      '212.867.5309',
      '+14155550123',
      '+44 20 7946 0958',
      '+49 30 12345678',
      '+31 6 12345678',
      '+33 6 12 34 56 78',
      '+81 3-1234-5678',
    ],
    invalid: ['+1 123-456-7890', '(000) 456-7890', '+44 20 123', '2024-03-15', '10.20.30.40'],
  },
  payment_card: {
    valid: [
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '5555555555554444',
      '2223 0031 2200 3222',
      '3782 822463 10005',
      '6011 1111 1111 1117',
      '3530 1113 3330 0000',
    ],
    invalid: [
      '4111 1111 1111 1112',
      '1234 5678 9012 3452',
      '4111 1111-1111 1111',
      '3661 9085 1440 41',
      '9999999999999995',
    ],
  },
  iban: {
    valid: [
      'GB82 WEST 1234 5698 7654 32',
      'DE89370400440532013000',
      'NL91 ABNA 0417 1643 00',
      'FR14 2004 1010 0505 0001 3M02 606',
      'BE68539007547034',
    ],
    invalid: [
      'GB83 WEST 1234 5698 7654 32',
      'DE8937040044053201300',
      'XX82 WEST 1234 5698 7654 32',
    ],
  },
  us_ssn: {
    valid: ['123-45-6789', '001 01 0001', '665-12-3456', '899-99-9999'],
    invalid: [
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '123-00-6789',
      '123-45-0000',
      '123-456789',
    ],
  },
  uk_nino: {
    valid: ['AB123456C', 'AB 12 34 56 C', 'JG103759A', 'ZX123456D'],
    invalid: [
      'DA123456A',
      'AD123456A',
      'QQ123456A',
      'BG123456A',
      'GB123456A',
      'NK123456B',
      'AB123456E',
    ],
  },
  nl_bsn: {
    valid: ['111222333', '123456782', '999999990'],
    invalid: ['123456789', '000000000', '12345678', '1234567890'],
  },
  aws_access_key: {
    valid: ['AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A'],
    invalid: [
      'AKIAIOSFODNN7EXAMPL',
      'AKIAIOSFODNN7EXAMPLEX',
      'AKIAiosfodnn7example',
      'AKIAIOSFODNN1EXAMPLE',
    ],
  },
  private_key: {
    valid: [
      '-----BEGIN RSA PRIVATE KEY-----',
      '-----BEGIN PRIVATE KEY-----',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----',
    ],
    invalid: ['-----BEGIN PUBLIC KEY-----', '-----BEGIN CERTIFICATE-----', 'BEGIN RSA PRIVATE KEY'],
  },
  jwt: {
    valid: [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`,
    ],
    invalid: [
      // no alg in the header
      `${Buffer.from('{"typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`,
      // the payload is an array
      `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('[1,2]').toString('base64url')}.c2ln`,
      // signed algorithm, no signature
      `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`,
      'eyJBBBBBBBBBBBBBBBBBBB.eyJCCCCCCCCCCCCCCCCC.DDDD',
      'aGVsbG8gd29ybGQ.bW9yZSB0ZXh0.c2ln',
    ],
  },
};

describe.each(Object.entries(cases))('the %s detector', (category, { valid, invalid }) => {
  it.each(valid)('finds %s', (value) => {
    expect(found(category as Category, `value: ${value}, end`)).toEqual([value]);
  });

  it.each(invalid)('does not report %s', (value) => {
    expect(found(category as Category, `value: ${value}, end`)).toEqual([]);
  });
});

describe('classifyText options', () => {
  it('reads national phone formats as numbers of the default region', () => {
    const text = 'London office: 020 7946 0958.';
    expect(classifyText(text, { defaultRegion: 'GB' }).counts.phone).toBe(1);
    expect(classifyText(text, { defaultRegion: 'US' }).counts.phone).toBeUndefined();
  });

  it('looks only for the national ids configured', () => {
    const text = 'NINO AB123456C, BSN 123456782.';
    expect(classifyText(text).counts).toEqual({ uk_nino: 1, nl_bsn: 1 });
    expect(classifyText(text, { nationalIds: ['nl_bsn'] }).counts).toEqual({ nl_bsn: 1 });
    expect(classifyText(text, { nationalIds: [] }).counts).toEqual({});
  });

  it('keeps at most three distinct masked examples per category', () => {
    const cards = ['4111 1111 1111 1111', '5555 5555 5555 4444', '4242 4242 4242 4242'];
    const text = [...cards, '4000 0566 5566 5556', cards[0]].join(', ');
    const result = classifyText(text);
    expect(result.counts.payment_card).toBe(5);
    expect(result.examples.payment_card).toEqual([
      '**** **** **** 1111',
      '**** **** **** 4444',
      '**** **** **** 4242',
    ]);
  });

  it('does not join a card, an SSN or a BSN to neighbouring numbers', () => {
    expect(classifyText('4111 1111 1111 1111 2222').counts).toEqual({});
    expect(classifyText('1 123 45 6789').counts).toEqual({});
    expect(classifyText('amount 1.123456782 and 123456782.5').counts).toEqual({});
  });
});

describe('the e-mail detector’s fast search', () => {
  const { matches, pattern } = emailDetector;
  const viaPattern = (text: string) => [...text.matchAll(pattern)].map((m) => m[0]);

  it.each([
    'a@b.com.+x@c.com',
    'x@y.com@z.org and @@ a@@b.co q@r.st',
    `${'a'.repeat(70)}@example.com, ${'b'.repeat(64)}@example.com`,
    'first.last@mail.example.com., _u@x.io-y@z.io %a@b.cd',
  ])('finds what the pattern finds in %s', (text) => {
    expect(matches?.(text)).toEqual(viaPattern(text));
  });

  it('finds what the pattern finds in random text', () => {
    const alphabet = 'ab.-_+%@ 1,é';
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i += 1) {
      const text = Array.from({ length: 40 }, () => alphabet[Math.floor(next() * 12)]).join('');
      expect(matches?.(text)).toEqual(viaPattern(text));
    }
  });
});
