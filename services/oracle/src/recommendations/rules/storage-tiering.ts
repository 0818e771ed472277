import { STORAGE_ACTION_MAX_OBJECTS } from '@codex/contracts';

import { type FoundRecommendation, toCents } from '../recommendation';

/** One of great-library's tiering figures, as a bucket's `tieringRecommendations` attribute carries it. */
export interface TieringFigure {
  prefix: string;
  fromClass: string;
  toClass: string;
  objects: number;
  bytes: number;
  monthlySaving: number;
  oneOffTransitionCost: number;
  paybackMonths: number | null;
  minimumDurationDays: number;
}

const ARCHIVE = /GLACIER|DEEP_ARCHIVE|ARCHIVE|Archive/;

/**
 * great-library's per-prefix tiering, as recommendations: the saving is great-library's
 * (storage and expected reads, the transition amortised); archive classes are riskier (reads
 * need a restore). More objects than one action may touch is advice without an action.
 */
export function storageTiering(
  bucketUrn: string,
  attributes: Record<string, unknown>,
  currency: string,
): FoundRecommendation[] {
  return tieringFigures(attributes)
    .filter((figure) => figure.monthlySaving > 0)
    .map((figure) => {
      const actionable = figure.objects >= 1 && figure.objects <= STORAGE_ACTION_MAX_OBJECTS;
      const where = figure.prefix === '' ? 'the top level' : `'${figure.prefix}'`;
      return {
        kind: 'storage_tiering' as const,
        resourceUrn: bucketUrn,
        subjectKey: `storage_tiering:${figure.prefix}:${figure.fromClass}`,
        title: `Move ${figure.objects} objects under ${where} from ${figure.fromClass} to ${figure.toClass}`,
        monthlySaving: toCents(figure.monthlySaving),
        currency,
        risk: ARCHIVE.test(figure.toClass)
          ? {
              level: 'medium' as const,
              reason: `${figure.toClass} objects must be restored before they are read`,
            }
          : {
              level: 'low' as const,
              reason: `${figure.toClass} objects stay readable at once, at a retrieval fee`,
            },
        effort: actionable ? ('low' as const) : ('high' as const),
        evidence: { source: 'great-library', ...figure },
        action: actionable
          ? {
              type: 'change_class',
              params: {
                prefix: figure.prefix,
                fromClass: figure.fromClass,
                storageClass: figure.toClass,
                maxObjects: figure.objects,
              },
            }
          : null,
      };
    });
}

function tieringFigures(attributes: Record<string, unknown>): TieringFigure[] {
  const raw = attributes['tieringRecommendations'];
  if (!Array.isArray(raw)) return [];
  return raw.filter(isFigure);
}

function isFigure(value: unknown): value is TieringFigure {
  if (typeof value !== 'object' || value === null) return false;
  const figure = value as Record<string, unknown>;
  return (
    typeof figure['prefix'] === 'string' &&
    typeof figure['fromClass'] === 'string' &&
    typeof figure['toClass'] === 'string' &&
    typeof figure['objects'] === 'number' &&
    typeof figure['monthlySaving'] === 'number'
  );
}
