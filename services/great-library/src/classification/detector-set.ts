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

const cache = new Map<string, readonly Detector[]>();

/** The detectors a configuration enables, in report order. */
export function detectorsFor(options: ClassifierOptions = {}): readonly Detector[] {
  const region = options.defaultRegion ?? DEFAULT_CLASSIFIER_OPTIONS.defaultRegion;
  const nationalIds = options.nationalIds ?? DEFAULT_CLASSIFIER_OPTIONS.nationalIds;
  const key = `${region}/${[...nationalIds].sort().join(',')}`;
  let detectors = cache.get(key);
  if (!detectors) {
    detectors = [
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
    cache.set(key, detectors);
  }
  return detectors;
}

/** Every detector, national ids included: what the bare scan runs. */
export const ALL_DETECTORS: readonly Detector[] = detectorsFor();
