import type { CountryCode } from 'libphonenumber-js/max';

import type { NationalIdCategory } from './categories';
import { type ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS } from './classifier-options';
import {
  awsAccessKeyDetector,
  type Detector,
  emailDetector,
  ibanDetector,
  jwtDetector,
  nlBsnDetector,
  paymentCardDetector,
  phoneDetector,
  privateKeyDetector,
  ukNinoDetector,
  usSsnDetector,
} from './detectors';

const NATIONAL_ID_DETECTORS: Readonly<Record<NationalIdCategory, Detector>> = {
  uk_nino: ukNinoDetector,
  nl_bsn: nlBsnDetector,
};

function buildDetectors(
  region: CountryCode,
  nationalIds: readonly NationalIdCategory[],
): readonly Detector[] {
  return [
    emailDetector,
    phoneDetector(region),
    paymentCardDetector,
    ibanDetector,
    usSsnDetector,
    ...Object.entries(NATIONAL_ID_DETECTORS)
      .filter(([category]) => nationalIds.includes(category as NationalIdCategory))
      .map(([, detector]) => detector),
    awsAccessKeyDetector,
    privateKeyDetector,
    jwtDetector,
  ];
}

/** Every detector, national ids included: the default set, and what the bare scan runs. */
export const ALL_DETECTORS: readonly Detector[] = buildDetectors(
  DEFAULT_CLASSIFIER_OPTIONS.defaultRegion,
  DEFAULT_CLASSIFIER_OPTIONS.nationalIds,
);

const configured = new Map<string, readonly Detector[]>();

/** The detectors a configuration enables, in report order. */
export function detectorsFor(options: ClassifierOptions = {}): readonly Detector[] {
  if (!options.defaultRegion && !options.nationalIds) return ALL_DETECTORS;
  const region = options.defaultRegion ?? DEFAULT_CLASSIFIER_OPTIONS.defaultRegion;
  const nationalIds = options.nationalIds ?? DEFAULT_CLASSIFIER_OPTIONS.nationalIds;
  const key = `${region}/${[...nationalIds].sort().join(',')}`;
  let detectors = configured.get(key);
  if (!detectors) configured.set(key, (detectors = buildDetectors(region, nationalIds)));
  return detectors;
}
