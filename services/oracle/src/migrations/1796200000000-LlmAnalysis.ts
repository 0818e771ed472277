import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['analyses', 'llm_calls', 'llm_budgets'];

const VISIBLE = `"tenant_id" = current_setting('codex.tenant_id', true) OR current_setting('codex.scope', true) = 'system'`;

const RULES = `You are Codex's cloud cost and operations analyst.
Answer only from the data between <data> and </data>. Each item starts with its id as [ref:<id>].
After every statement, cite the item it comes from as [ref:<id>]. When the data does not say, answer that it does not; never invent ids, numbers or resources.
Values such as [EMAIL_1] or [AWS_SECRET_KEY_1] were redacted on purpose: mention that a secret or personal value is present if it matters, never guess it.
Be brief: at most eight sentences or bullet points.`;

const PROPOSALS = `If an action would help, end with one JSON block:
\`\`\`json
{"proposedActions": [{"type": "<an action type listed for the resource>", "targetUrn": "<a urn= of the data>", "params": {}, "reason": "<why, citing [ref:<id>]>"}]}
\`\`\`
Propose only action types listed for that resource. A proposal becomes a draft a person reviews; it never runs by itself.`;

const USER = `Subject: {{subject}}
<data>
{{data}}
</data>
Question: {{question}}`;

/** First versions of the analysis prompts: the system part, `### user`, then the user part. */
const TEMPLATES: { id: string; key: string; body: string }[] = [
  {
    id: '6d1f7a52-2f0e-4c1e-9b65-1f6f0a8d5c01',
    key: 'analysis.resource',
    body: `${RULES}\n${PROPOSALS}\n### user\n${USER}`,
  },
  {
    id: '6d1f7a52-2f0e-4c1e-9b65-1f6f0a8d5c02',
    key: 'analysis.insight',
    body: `${RULES}\nExplain what the insight means, its likely cause and its impact.\n${PROPOSALS}\n### user\n${USER}`,
  },
  {
    id: '6d1f7a52-2f0e-4c1e-9b65-1f6f0a8d5c03',
    key: 'analysis.cost_scope',
    body: `${RULES}\nExplain where the money goes and what changed.\n${PROPOSALS}\n### user\n${USER}`,
  },
];

/** LLM analysis (ADR 23): analyses, the ledger of calls, tenant budgets (ADR 12), first prompts. */
export class LlmAnalysis1796200000000 implements MigrationInterface {
  name = 'LlmAnalysis1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analyses" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "subject_kind" character varying(32) NOT NULL, "subject_id" character varying(512) NOT NULL, "question" text, "text" text NOT NULL, "citations" jsonb NOT NULL, "proposed_actions" jsonb NOT NULL, "fallback" boolean NOT NULL, "fallback_reason" text, "model" character varying(200), "template_key" character varying(100) NOT NULL, "template_version" integer NOT NULL, "prompt_tokens" integer NOT NULL, "completion_tokens" integer NOT NULL, "cost_usd" numeric(14,6) NOT NULL, "redactions" jsonb NOT NULL, "requested_by" character varying(256) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_analyses" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_analyses_tenant" ON "analyses" ("tenant_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "llm_calls" ("id" uuid NOT NULL, "tenant_id" character varying(64) NOT NULL, "analysis_id" uuid, "feature" character varying(64) NOT NULL, "template_key" character varying(100) NOT NULL, "template_version" integer NOT NULL, "model" character varying(200) NOT NULL, "prompt_tokens" integer NOT NULL, "completion_tokens" integer NOT NULL, "cost_usd" numeric(14,6) NOT NULL, "outcome" character varying(16) NOT NULL, "error" text, "called_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_llm_calls" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_llm_calls_tenant" ON "llm_calls" ("tenant_id", "called_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "llm_budgets" ("tenant_id" character varying(64) NOT NULL, "monthly_token_budget" integer NOT NULL, "monthly_token_cap" integer NOT NULL, "monthly_cost_cap_usd" numeric(14,2), "warned_month" character varying(7), "updated_by" character varying(256) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_llm_budgets" PRIMARY KEY ("tenant_id"))`,
    );
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await queryRunner.query(
        `CREATE POLICY "tenant_isolation" ON "${table}" USING (${VISIBLE}) WITH CHECK (${VISIBLE})`,
      );
    }
    for (const template of TEMPLATES) {
      await queryRunner.query(
        `INSERT INTO "prompt_templates" ("id", "key", "version", "body") VALUES ($1, $2, 1, $3)`,
        [template.id, template.key, template.body],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "prompt_templates" WHERE "id" = ANY($1)`, [
      TEMPLATES.map((template) => template.id),
    ]);
    await queryRunner.query(`DROP TABLE "llm_budgets"`);
    await queryRunner.query(`DROP INDEX "public"."ix_llm_calls_tenant"`);
    await queryRunner.query(`DROP TABLE "llm_calls"`);
    await queryRunner.query(`DROP INDEX "public"."ix_analyses_tenant"`);
    await queryRunner.query(`DROP TABLE "analyses"`);
  }
}
