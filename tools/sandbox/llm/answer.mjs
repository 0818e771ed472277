// The sandbox's deterministic "model": it reads the data block of a prompt, cites the ids it
// finds there and, when the prompt asks for proposed actions, adds one as a JSON block.
//
// Conventions (what the oracle's prompt templates write):
//   <data> ... </data>        the grounded data, one item per line
//   [ref:<id>]                an item's id inside the data block
//   urn=<urn>                 a resource an action could target
//   "proposedActions"         anywhere in the prompt: answer with a ```json block of proposals

const DATA_BLOCK = /<data>([\s\S]*?)<\/data>/g;
const REF = /\[ref:([^\]\s]+)\]/;
const URN = /urn=(\S+)/;
/** Items the answer lists; the rest are counted. */
const LISTED = 12;

/** Rough token count: a word or a run of punctuation is one token, as BPE tokenizers roughly do. */
export function countTokens(text) {
  return (String(text).match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]+/gu) ?? []).length;
}

/** Tokens of a chat prompt: its words plus a few per message for the role markup, as OpenAI bills. */
export function promptTokens(messages) {
  return messages.reduce((sum, message) => sum + 4 + countTokens(contentText(message.content)), 3);
}

export function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  }
  return '';
}

function dataItems(prompt) {
  const items = [];
  for (const [, block] of prompt.matchAll(DATA_BLOCK)) {
    for (const line of block.split('\n')) {
      const ref = REF.exec(line);
      if (ref) items.push({ id: ref[1], line: line.trim(), urn: URN.exec(line)?.[1] });
    }
  }
  return items;
}

/** The answer to a chat request, the same for the same messages. */
export function answer(messages) {
  const prompt = messages.map((message) => contentText(message.content)).join('\n');
  const items = dataItems(prompt);
  if (items.length === 0) return 'There is no data to analyse in this request.';
  const lines = [
    `Analysis of ${items.length} item${items.length === 1 ? '' : 's'}:`,
    ...items.slice(0, LISTED).map((item) => `- ${describe(item.line)} [ref:${item.id}]`),
  ];
  if (items.length > LISTED) lines.push(`- and ${items.length - LISTED} more.`);
  const target = items.find((item) => item.urn);
  if (prompt.includes('"proposedActions"') && target) {
    const proposal = {
      proposedActions: [
        {
          type: 'stop',
          targetUrn: target.urn,
          params: {},
          reason: `Idle resource [ref:${target.id}] could be stopped`,
        },
      ],
    };
    lines.push('', '```json', JSON.stringify(proposal, null, 2), '```');
  }
  return lines.join('\n');
}

function describe(line) {
  const text = line.replace(REF, '').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
