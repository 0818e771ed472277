import { createScratchDatabase, type ScratchDatabase } from '@codex/testing';
import {
  Column,
  DataSource,
  Entity,
  type MigrationInterface,
  PrimaryColumn,
  type QueryRunner,
} from 'typeorm';

import { postgresOptions } from './data-source-options';
import { schemaDrift } from './schema-drift';

@Entity({ name: 'widgets' })
class Widget {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_widgets' })
  id!: string;

  @Column('varchar', { length: 50 })
  name!: string;
}

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "widgets" ("id" uuid NOT NULL, "name" character varying(50) NOT NULL, CONSTRAINT "pk_widgets" PRIMARY KEY ("id"))`,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "widgets"`);
  }
}

class CreateWidgetsWithoutName1700000000000 implements MigrationInterface {
  name = 'CreateWidgetsWithoutName1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "widgets" ("id" uuid NOT NULL, CONSTRAINT "pk_widgets" PRIMARY KEY ("id"))`,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "widgets"`);
  }
}

describe('schemaDrift', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource | undefined;

  beforeEach(async () => {
    database = await createScratchDatabase('persistence_drift');
  });

  afterEach(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  async function migrateWith(migration: new () => MigrationInterface): Promise<DataSource> {
    dataSource = await new DataSource(
      postgresOptions({
        url: database.url,
        poolMax: 2,
        applicationName: 'drift-test',
        entities: [Widget],
        migrations: [migration],
      }),
    ).initialize();
    await dataSource.runMigrations();
    return dataSource;
  }

  it('is empty when the migrations build exactly what the entities describe', async () => {
    expect(await schemaDrift(await migrateWith(CreateWidgets1700000000000))).toEqual({
      up: [],
      down: [],
    });
  });

  it('names the missing column when a migration falls behind its entity', async () => {
    const drift = await schemaDrift(await migrateWith(CreateWidgetsWithoutName1700000000000));
    expect(drift.up).toEqual([`ALTER TABLE "widgets" ADD "name" character varying(50) NOT NULL`]);
    expect(drift.down).toEqual([`ALTER TABLE "widgets" DROP COLUMN "name"`]);
  });
});
