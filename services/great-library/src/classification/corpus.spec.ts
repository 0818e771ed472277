import { classifyBytes } from './classify-bytes';
import { readGeneratedCorpus } from './testing/corpus-files.fixture';
import { scoreByCategory } from './testing/scores.fixture';

const FILES = 1200;
const MAX_BYTES = 16 * 1024 * 1024;

describe('the classifier on the generated corpus', () => {
  const corpus = readGeneratedCorpus({ seed: 7, files: FILES });

  it('generates at least 1,000 mixed files, some gzipped', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    for (const extension of ['.txt', '.csv', '.json', '.log', '.gz']) {
      expect(corpus.some((file) => file.path.endsWith(extension))).toBe(true);
    }
  });

  it('reaches precision and recall of at least 0.95 in every category', () => {
    const results = corpus.map((file) => ({
      path: file.path,
      labels: file.labels,
      found: classifyBytes(file.bytes, { key: file.path, maxBytes: MAX_BYTES }).counts,
    }));
    const scores = scoreByCategory(results);
    console.table(
      scores.map((s) => ({
        category: s.category,
        TP: s.truePositives,
        FP: s.falsePositives,
        FN: s.falseNegatives,
        precision: s.precision.toFixed(4),
        recall: s.recall.toFixed(4),
      })),
    );
    for (const score of scores) {
      expect({ category: score.category, precision: score.precision >= 0.95 }).toEqual({
        category: score.category,
        precision: true,
      });
      expect({ category: score.category, recall: score.recall >= 0.95 }).toEqual({
        category: score.category,
        recall: true,
      });
      expect(score.truePositives).toBeGreaterThan(0);
    }
  });
});
