import { Analysis } from './analysis.entity';
import { LlmBudget } from './ledger/llm-budget.entity';
import { LlmCall } from './ledger/llm-call.entity';

/** The tables of LLM analysis (migration 1796200000000-LlmAnalysis). */
export const analysisEntities = [Analysis, LlmCall, LlmBudget];
