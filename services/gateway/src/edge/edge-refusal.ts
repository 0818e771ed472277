import { type ProblemDocument, problemDocument } from '@codex/platform';

/** A request the edge turns away before any service sees it. */
export class EdgeRefusal extends Error {
  readonly problem: ProblemDocument;

  constructor(
    status: number,
    code: string,
    detail: string,
    extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.problem = problemDocument(status, code, detail, extensions);
  }
}
