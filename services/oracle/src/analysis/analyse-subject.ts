import { randomUUID } from 'node:crypto';

import type { Principal } from '@codex/auth';
import { withTenant } from '@codex/persistence';
import { ProblemException } from '@codex/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { Analysis } from './analysis.entity';
import type { AnalysisRequest } from './analysis.schemas';
import { type AnalysisView, toAnalysisView } from './analysis-view';
import { deterministicSummary } from './answer/deterministic-summary';
import { parseAnswer } from './answer/parse-answer';
import type { AnalysisContext } from './context/analysis-context-source';
import { AnalysisContextSources } from './context/analysis-context-sources';
import { callCostUsd } from './ledger/call-cost';
import { type CallPurpose, LlmLedger } from './ledger/llm-ledger';
import { LLM_CLIENT, type LlmClient } from './llm/llm-client';
import { type ChainResult, estimateTokens, runModelChain } from './llm/model-chain';
import { PromptTemplates } from './prompt/prompt-templates';
import { type RenderedPrompt, renderPrompt } from './prompt/render-prompt';

/** The most tokens a model may answer with; also what a reservation holds for the answer. */
export const MAX_ANSWER_TOKENS = 800;
const FEATURE = 'analysis';

export interface PreparedAnalysis {
  caller: Principal;
  request: AnalysisRequest;
  context: AnalysisContext;
  purpose: CallPurpose;
  prompt: RenderedPrompt;
  /** Absent when no model will be called (no API key). */
  reservationId: string | undefined;
}

export interface AnswerStream {
  onText(piece: string): void;
  /** What was streamed so far is void: a model failed mid-answer and the next starts over. */
  onRestart(): void;
}

/**
 * Explains a subject from the data the oracle holds, and only from it: the prompt carries that
 * data with ids and without secrets or personal values; the answer keeps only citations of
 * those ids and proposals on those resources. Models are tried in turn; when none answers,
 * the answer is a deterministic summary of the same data, flagged. A call that could pass the
 * tenant's hard cap is refused before anything is sent.
 */
@Injectable()
export class AnalyseSubject {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: AnalysisContextSources,
    private readonly templates: PromptTemplates,
    private readonly ledger: LlmLedger,
    @Inject(LLM_CLIENT) private readonly llm: LlmClient,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async analyse(
    caller: Principal,
    request: AnalysisRequest,
    stream?: AnswerStream,
  ): Promise<AnalysisView> {
    return this.run(await this.prepare(caller, request), stream);
  }

  /** Everything that can refuse the request, before a streamed answer starts. */
  async prepare(caller: Principal, request: AnalysisRequest): Promise<PreparedAnalysis> {
    const { kind, id } = request.subject;
    const source = this.sources.of(kind);
    if (!source) {
      throw new ProblemException(
        422,
        'subject_kind_unsupported',
        `no data source explains ${kind} subjects yet`,
      );
    }
    const context = await withTenant(this.dataSource, caller.tenantId, (manager) =>
      source.load(manager, caller.tenantId, id),
    );
    if (!context) throw new ProblemException(404, 'subject_not_found', `no ${kind} ${id}`);
    const templateKey = `analysis.${kind}`;
    const template = await this.templates.newest(templateKey);
    if (!template) throw new Error(`no prompt template ${templateKey}`);
    const purpose = { feature: FEATURE, templateKey, templateVersion: template.version };
    const prompt = renderPrompt(template.body, context, request.question);
    const reservationId = this.config.llm.apiKey
      ? await this.reserve(caller.tenantId, purpose, prompt)
      : undefined;
    return { caller, request, context, purpose, prompt, reservationId };
  }

  async run(prepared: PreparedAnalysis, stream?: AnswerStream): Promise<AnalysisView> {
    const { caller, request, context, purpose, prompt, reservationId } = prepared;
    try {
      const result: ChainResult = reservationId
        ? await runModelChain(this.llm, {
            models: this.config.llm.models,
            messages: prompt.messages,
            maxTokens: MAX_ANSWER_TOKENS,
            ...(stream
              ? {
                  onText: (piece: string) => stream.onText(piece),
                  onRestart: () => stream.onRestart(),
                }
              : {}),
          })
        : { answered: false, reason: 'no LLM API key is configured', attempts: [] };
      const analysis = this.analysisOf(caller, request, purpose, prompt, context, result);
      if (!result.answered) stream?.onText(analysis.text);
      await this.ledger.settle(analysis, reservationId, purpose, result.attempts);
      return toAnalysisView(analysis);
    } catch (error) {
      if (reservationId) await this.ledger.release(caller.tenantId, reservationId);
      throw error;
    }
  }

  private async reserve(
    tenantId: string,
    purpose: CallPurpose,
    prompt: RenderedPrompt,
  ): Promise<string> {
    const promptTokens = estimateTokens(prompt.messages.map((m) => m.content).join('\n'));
    const usage = { promptTokens, completionTokens: MAX_ANSWER_TOKENS };
    const costUsd = Math.max(
      ...this.config.llm.models.map((model) => callCostUsd(this.config.llm.prices, model, usage)),
    );
    const reservation = await this.ledger.reserve(
      tenantId,
      purpose,
      { tokens: promptTokens + MAX_ANSWER_TOKENS, costUsd },
      new Date(),
    );
    if ('refused' in reservation) {
      const { cap, used, limit } = reservation.refused;
      throw new ProblemException(
        429,
        'llm_budget_exceeded',
        `this call would pass the tenant's ${cap} (${used} used of ${limit} this month)`,
        { cap, used, limit },
      );
    }
    return reservation.reservationId;
  }

  private analysisOf(
    caller: Principal,
    request: AnalysisRequest,
    purpose: CallPurpose,
    prompt: RenderedPrompt,
    context: AnalysisContext,
    result: ChainResult,
  ): Analysis {
    const answer = result.answered
      ? parseAnswer(result.text, context.items)
      : (() => {
          const text = deterministicSummary(context, result.reason);
          return { ...parseAnswer(text, context.items), proposedActions: [] };
        })();
    const usage = result.answered ? result.usage : { promptTokens: 0, completionTokens: 0 };
    return this.dataSource.manager.create(Analysis, {
      id: randomUUID(),
      tenantId: caller.tenantId,
      subjectKind: request.subject.kind,
      subjectId: request.subject.id,
      question: request.question ?? null,
      text: answer.text,
      citations: answer.citations,
      proposedActions: answer.proposedActions,
      fallback: !result.answered,
      fallbackReason: result.answered ? null : result.reason,
      model: result.answered ? result.model : null,
      templateKey: purpose.templateKey,
      templateVersion: purpose.templateVersion,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: String(
        result.attempts.reduce(
          (sum, attempt) => sum + callCostUsd(this.config.llm.prices, attempt.model, attempt.usage),
          0,
        ),
      ),
      redactions: prompt.redactions,
      requestedBy: caller.subject,
      createdAt: new Date(),
    });
  }
}
