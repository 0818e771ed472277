import type { SseEvent } from './sse';

/** What the explain panel shows while an analysis streams in, and after. */
export interface AnalysisState {
  text: string;
  citations: string[];
  fallback: boolean;
  /** Why the answer is a deterministic summary (no model answered). */
  reason: string | null;
  model: string | null;
  done: boolean;
  error: string | null;
}

export const STARTING: AnalysisState = {
  text: '',
  citations: [],
  fallback: false,
  reason: null,
  model: null,
  done: false,
  error: null,
};

function json(data: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function problemText(body: Record<string, unknown> | undefined, raw: string): string {
  return (
    text(body?.detail) ??
    text(body?.title) ??
    text(body?.message) ??
    (raw || 'The analysis failed.')
  );
}

/**
 * The panel's state after one event of `POST /analyses/stream`: pieces of text (`{ text }` or
 * plain data) are appended as they come; `restart` voids what was shown (a model failed
 * mid-answer and the next starts over); the final event (the analysis, with `citations`) gives
 * the whole text, its citations and whether it is a deterministic summary; `error` ends it.
 */
export function applyAnalysisEvent(state: AnalysisState, event: SseEvent): AnalysisState {
  const body = json(event.data);
  switch (event.event) {
    case 'restart':
      return { ...state, text: '' };
    case 'error':
      return { ...state, done: true, error: problemText(body, event.data) };
    default:
      break;
  }
  const analysis = body && Array.isArray(body.citations) ? body : undefined;
  if (analysis) {
    return {
      ...state,
      text: text(analysis.text) ?? state.text,
      citations: (analysis.citations as unknown[]).filter(
        (citation): citation is string => typeof citation === 'string',
      ),
      fallback: analysis.fallback === true,
      reason: text(analysis.reason) ?? null,
      model: text(analysis.model) ?? null,
      done: true,
    };
  }
  if (event.event === 'done' || event.event === 'end') return { ...state, done: true };
  const piece = body ? (text(body.text) ?? text(body.delta) ?? '') : event.data;
  return { ...state, text: state.text + piece };
}

/** Where a citation leads: a resource's panel in the inventory; undefined for other data. */
export function citationHref(citation: string): string | undefined {
  const urn = citation.split('#')[0] ?? '';
  if (/^codex:(aws|gcp|azure):/.test(urn)) {
    return `/inventory?resource=${encodeURIComponent(urn)}`;
  }
  return undefined;
}

/** The text without its `[ref:id]` markers, which the citations list shows instead. */
export function withoutRefs(answer: string): string {
  return answer.replace(/\s*\[ref:[^\]]+\]/g, '');
}
