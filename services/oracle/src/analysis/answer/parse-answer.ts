import { z } from 'zod';

import type { ContextItem } from '../context/analysis-context-source';

export interface ProposedAction {
  type: string;
  targetUrn: string;
  params: Record<string, unknown>;
  reason: string;
}

export interface ParsedAnswer {
  /** The answer without its JSON block of proposals. */
  text: string;
  /** Ids the answer cites that are in the data, in order of first citation. */
  citations: string[];
  /** Proposals on a resource of the data with an action type it has; others are dropped. */
  proposedActions: ProposedAction[];
}

const proposals = z.object({
  proposedActions: z
    .array(
      z.object({
        type: z.string().min(1).max(64),
        targetUrn: z.string().min(1).max(512),
        params: z.record(z.string(), z.unknown()).default({}),
        reason: z.string().min(1).max(2000),
      }),
    )
    .max(5),
});

const JSON_BLOCK = /```json\s*([\s\S]*?)```/i;
const CITATION = /\[ref:([^\]\s]+)\]/g;

/** Reads a model's answer against the data it was given: only what is grounded there survives. */
export function parseAnswer(answer: string, items: readonly ContextItem[]): ParsedAnswer {
  const block = JSON_BLOCK.exec(answer);
  const text = (block ? answer.replace(block[0], '') : answer).trim();
  const known = new Set(items.map((item) => item.id));
  const citations = [...new Set([...answer.matchAll(CITATION)].map((m) => m[1] ?? ''))].filter(
    (id) => known.has(id),
  );
  return {
    text,
    citations,
    proposedActions: block ? groundedProposals(block[1] ?? '', items) : [],
  };
}

function groundedProposals(json: string, items: readonly ContextItem[]): ProposedAction[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  const result = proposals.safeParse(parsed);
  if (!result.success) return [];
  return result.data.proposedActions.filter((proposal) =>
    items.some(
      (item) =>
        item.targetUrn === proposal.targetUrn && (item.actionTypes ?? []).includes(proposal.type),
    ),
  );
}
