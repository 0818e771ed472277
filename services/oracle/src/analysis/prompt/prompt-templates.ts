import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PromptTemplate } from '../../prompt-templates/prompt-template.entity';

/** The prompt templates (shared by every tenant); a new version of a key replaces older ones in use. */
@Injectable()
export class PromptTemplates {
  constructor(private readonly dataSource: DataSource) {}

  newest(key: string): Promise<PromptTemplate | null> {
    return this.dataSource.getRepository(PromptTemplate).findOne({
      where: { key },
      order: { version: 'DESC' },
    });
  }
}
