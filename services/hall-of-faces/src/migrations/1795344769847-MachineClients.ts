import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MachineClients1795344769847 implements MigrationInterface {
  name = 'MachineClients1795344769847';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "machine_clients" ("client_id" character varying(64) NOT NULL, "tenant_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "secret_hash" character varying(256) NOT NULL, "roles" character varying(16) array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_machine_clients" PRIMARY KEY ("client_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_machine_clients_tenant" ON "machine_clients" ("tenant_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_machine_clients_tenant"`);
    await queryRunner.query(`DROP TABLE "machine_clients"`);
  }
}
