import type { SchemaDrift } from './schema-drift';

/** Source of a TypeORM migration class that applies (and reverts) the given drift. */
export function renderMigration(name: string, timestamp: number, drift: SchemaDrift): string {
  const className = `${pascalCase(name)}${timestamp}`;
  const statements = (queries: string[]) =>
    queries.map((query) => `    await queryRunner.query(${templateLiteral(query)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(drift.up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements(drift.down)}
  }
}
`;
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function templateLiteral(text: string): string {
  return `\`${text.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${')}\``;
}
