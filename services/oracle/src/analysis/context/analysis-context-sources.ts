import { Injectable } from '@nestjs/common';

import type { AnalysisContextSource, SubjectKind } from './analysis-context-source';

/** The context source of each subject kind; features register theirs in onModuleInit. */
@Injectable()
export class AnalysisContextSources {
  private readonly byKind = new Map<SubjectKind, AnalysisContextSource>();

  register(source: AnalysisContextSource): void {
    if (this.byKind.has(source.kind)) {
      throw new Error(`two analysis context sources for ${source.kind}`);
    }
    this.byKind.set(source.kind, source);
  }

  of(kind: SubjectKind): AnalysisContextSource | undefined {
    return this.byKind.get(kind);
  }
}
