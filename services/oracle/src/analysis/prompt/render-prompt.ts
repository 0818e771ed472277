import type { AnalysisContext } from '../context/analysis-context-source';
import type { ChatMessage } from '../llm/llm-client';
import { Redactor } from '../redaction/redact';

const USER_MARK = /^### user$/m;
const DEFAULT_QUESTION = 'What matters here, and what should be done about it?';

export interface RenderedPrompt {
  messages: ChatMessage[];
  redactions: Record<string, number>;
}

/**
 * Fills a template (system part, a `### user` line, user part) with the subject, the data
 * block — each item as `[ref:<id>] text`, with `actions=` for what a proposal may use — and the
 * question, then redacts every message: nothing leaves with a secret or personal value in it.
 */
export function renderPrompt(
  template: string,
  context: AnalysisContext,
  question: string | undefined,
): RenderedPrompt {
  const [system = '', user = ''] = template.split(USER_MARK).map((part) => part.trim());
  const data = context.items
    .map((item) => {
      const actions = item.actionTypes?.length ? ` actions=${item.actionTypes.join('|')}` : '';
      return `[ref:${item.id}] ${oneLine(item.text)}${actions}`;
    })
    .join('\n');
  const values: Record<string, string> = {
    subject: oneLine(context.subject),
    data,
    question: oneLine(question?.trim() || DEFAULT_QUESTION),
  };
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
  const redactor = new Redactor();
  const messages: ChatMessage[] = [
    { role: 'system', content: redactor.redact(fill(system)) },
    { role: 'user', content: redactor.redact(fill(user)) },
  ];
  return { messages, redactions: redactor.summary() };
}

/** Data cannot open or close the data block or forge another item: one line, no markup of ours. */
function oneLine(text: string): string {
  return text
    .replace(/<\/?data>/gi, '')
    .replace(/\[ref:/gi, '[ref ')
    .replace(/\s+/g, ' ')
    .trim();
}
