import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795338258350 implements MigrationInterface {
  name = 'InitialSchema1795338258350';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "prompt_templates" ("id" uuid NOT NULL, "key" character varying(100) NOT NULL, "version" integer NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_prompt_templates" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_prompt_templates_key_version" ON "prompt_templates" ("key", "version")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_prompt_templates_key_version"`);
    await queryRunner.query(`DROP TABLE "prompt_templates"`);
  }
}
