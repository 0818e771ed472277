import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  tenantId: string;
  action: string;
  actor: string;
  sourceIp: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an entry, in the caller's transaction when one is given. */
  async record(entry: AuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const event = manager.create(AuditEvent, {
      id: randomUUID(),
      ...entry,
      details: entry.details ?? {},
    });
    await manager.save(event);
  }
}
