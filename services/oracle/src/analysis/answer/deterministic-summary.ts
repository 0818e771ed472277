import type { AnalysisContext } from '../context/analysis-context-source';
import { Redactor } from '../redaction/redact';

const MAX_ITEMS = 20;

/**
 * The answer when no model answered: the grounded data itself, listed and cited, with a
 * first line that says it is not an analysis. Redacted like a prompt, as it may be shown
 * where the data's secrets should not be.
 */
export function deterministicSummary(context: AnalysisContext, reason: string): string {
  const redactor = new Redactor();
  const shown = context.items.slice(0, MAX_ITEMS);
  const lines = [
    `No language model answered (${reason}); this is the data the analysis would use, unanalysed.`,
    `Subject: ${context.subject}`,
    ...shown.map((item) => `- ${item.text.replace(/\s+/g, ' ').trim()} [ref:${item.id}]`),
  ];
  if (context.items.length > shown.length) {
    lines.push(`…and ${context.items.length - shown.length} more items.`);
  }
  return redactor.redact(lines.join('\n'));
}
