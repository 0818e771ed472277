import { CATEGORIES, type Category } from '../categories';

export interface Score {
  readonly category: Category;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

type Counts = Partial<Record<Category, number>>;

/** Per file and category: TP = min(found, planted), FP = the excess, FN = the shortfall. */
export function scoreByCategory(
  files: readonly { readonly labels: Counts; readonly found: Counts }[],
): Score[] {
  return CATEGORIES.map((category) => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const { labels, found } of files) {
      const planted = labels[category] ?? 0;
      const predicted = found[category] ?? 0;
      truePositives += Math.min(planted, predicted);
      falsePositives += Math.max(0, predicted - planted);
      falseNegatives += Math.max(0, planted - predicted);
    }
    const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
    return {
      category,
      truePositives,
      falsePositives,
      falseNegatives,
      precision: ratio(truePositives, truePositives + falsePositives),
      recall: ratio(truePositives, truePositives + falseNegatives),
    };
  });
}
