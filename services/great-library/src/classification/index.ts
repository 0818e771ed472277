export { bareScan } from './bare-scan';
export {
  CATEGORIES,
  type Category,
  NATIONAL_ID_CATEGORIES,
  type NationalIdCategory,
} from './categories';
export { type Classification, MAX_EXAMPLES, type SkipReason } from './classification';
export { type ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS } from './classifier-options';
export { classifyBytes, type ClassifyBytesOptions } from './classify-bytes';
export { classifyText } from './classify-text';
export { detectorsFor } from './detector-set';
export type { Detector } from './detectors';
