import { Module, type OnModuleInit } from '@nestjs/common';

import { ActionDrafts } from '../actions/action-drafts';
import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { AnalyseSubject } from './analyse-subject';
import { AnalysisController } from './analysis.controller';
import { AnalysisContextSources } from './context/analysis-context-sources';
import { InsightContextSource } from './context/insight-context-source';
import { ResourceContextSource } from './context/resource-context-source';
import { DraftProposal } from './draft-proposal';
import { LlmLedger } from './ledger/llm-ledger';
import { LLM_CLIENT } from './llm/llm-client';
import { OpenAiLlmClient } from './llm/openai-llm-client';
import { PromptTemplates } from './prompt/prompt-templates';
import { ReadAnalyses } from './read-analyses';

/**
 * LLM analysis (ADR 23). Features with data to explain import this module and register an
 * AnalysisContextSource with AnalysisContextSources in their onModuleInit.
 */
@Module({
  controllers: [AnalysisController],
  providers: [
    AnalysisContextSources,
    PromptTemplates,
    LlmLedger,
    AnalyseSubject,
    DraftProposal,
    ReadAnalyses,
    ActionDrafts,
    {
      provide: LLM_CLIENT,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => new OpenAiLlmClient(config.llm),
    },
  ],
  exports: [AnalysisContextSources],
})
export class AnalysisModule implements OnModuleInit {
  constructor(private readonly sources: AnalysisContextSources) {}

  onModuleInit(): void {
    this.sources.register(new ResourceContextSource());
    this.sources.register(new InsightContextSource());
  }
}
