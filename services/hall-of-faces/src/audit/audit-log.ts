import { randomUUID } from 'node:crypto';

import { asSystem, withTenant } from '@codex/persistence';
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

  /**
   * Records an entry. Given a manager, in the caller's transaction and scope (ADR 12), which
   * must admit the entry's tenant. Alone, in its own transaction in the entry's tenant, or in
   * the system scope for an entry of no known tenant ('') or of every tenant.
   */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const write = async (into: EntityManager) => {
      const event = into.create(AuditEvent, {
        id: randomUUID(),
        ...entry,
        details: entry.details ?? {},
      });
      await into.save(event);
    };
    if (manager) return write(manager);
    if (entry.tenantId && entry.tenantId !== EVERY_TENANT) {
      return withTenant(this.dataSource, entry.tenantId, write);
    }
    return asSystem(this.dataSource, 'an audit entry of no single tenant', write);
  }
}
