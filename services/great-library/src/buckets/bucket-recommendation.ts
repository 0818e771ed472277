import type { TieringRecommendation } from '../tiering/recommend-tiering';

/** A tiering recommendation for the objects under one prefix of a bucket ('' for the whole top level). */
export interface BucketRecommendation extends TieringRecommendation {
  prefix: string;
}
