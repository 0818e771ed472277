import { renderMigration } from './render-migration';

describe('renderMigration', () => {
  const source = renderMigration('add-widget-name', 1700000000000, {
    up: ['ALTER TABLE "widgets" ADD "note" text NOT NULL DEFAULT \'`${x}`\''],
    down: ['ALTER TABLE "widgets" DROP COLUMN "note"'],
  });

  it('names the class after the migration and its timestamp', () => {
    expect(source).toContain(
      'export class AddWidgetName1700000000000 implements MigrationInterface',
    );
    expect(source).toContain("name = 'AddWidgetName1700000000000';");
  });

  it('keeps backticks and ${ in SQL literal inside the template string', () => {
    expect(source).toContain(
      'await queryRunner.query(`ALTER TABLE "widgets" ADD "note" text NOT NULL DEFAULT \'\\`\\${x}\\`\'`);',
    );
  });
});
