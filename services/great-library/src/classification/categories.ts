/** The national identifiers a classifier can look for; which ones is configuration. */
export const NATIONAL_ID_CATEGORIES = ['uk_nino', 'nl_bsn'] as const;
export type NationalIdCategory = (typeof NATIONAL_ID_CATEGORIES)[number];

/** Every kind of sensitive value the classifier reports, in report order. */
export const CATEGORIES = [
  'email',
  'phone',
  'payment_card',
  'iban',
  'us_ssn',
  ...NATIONAL_ID_CATEGORIES,
  'aws_access_key',
  'private_key',
  'jwt',
] as const;
export type Category = (typeof CATEGORIES)[number];
