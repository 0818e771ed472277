import type { Detector } from './detector';

/** Long-term (AKIA) and temporary (ASIA) access key ids: the prefix and 16 base-32 characters. */
const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g;

export const awsAccessKeyDetector: Detector = {
  category: 'aws_access_key',
  pattern: AWS_ACCESS_KEY,
  // The pattern is the whole format; the id has no checksum.
  validate: () => true,
  /** `AKIA************WXYZ`. */
  mask: (match) => `${match.slice(0, 4)}************${match.slice(-4)}`,
};
