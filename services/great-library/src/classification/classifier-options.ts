import type { CountryCode } from 'libphonenumber-js/max';

import { NATIONAL_ID_CATEGORIES, type NationalIdCategory } from './categories';

export interface ClassifierOptions {
  /** The region national-format phone numbers belong to (ISO 3166-1 alpha-2). */
  readonly defaultRegion?: CountryCode;
  /** The national identifiers to look for. */
  readonly nationalIds?: readonly NationalIdCategory[];
}

export const DEFAULT_CLASSIFIER_OPTIONS: Readonly<Required<ClassifierOptions>> = Object.freeze({
  defaultRegion: 'US',
  nationalIds: NATIONAL_ID_CATEGORIES,
});
