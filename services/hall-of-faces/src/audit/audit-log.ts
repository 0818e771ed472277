import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { AuditAction } from './audit-action';
import { AuditEvent } from './audit-event.entity';

/** The tenant id of an entry every tenant sees: a change to what all of them rely on. */
export const EVERY_TENANT = '*';

export interface AuditEntry {
  /** Empty only when the tenant could not be established; EVERY_TENANT for platform-wide changes. */
  tenantId: string;
  action: AuditAction;
  /** A user id, a client id, `apikey:<id>`, or what a failed sign-in claimed to be. */
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
