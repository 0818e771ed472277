import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A versioned prompt for LLM-written analysis; a new version never overwrites an old one. */
@Entity({ name: 'prompt_templates' })
@Index('uq_prompt_templates_key_version', ['key', 'version'], { unique: true })
export class PromptTemplate {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_prompt_templates' })
  id!: string;

  @Column('varchar', { length: 100 })
  key!: string;

  @Column('integer')
  version!: number;

  @Column('text')
  body!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
