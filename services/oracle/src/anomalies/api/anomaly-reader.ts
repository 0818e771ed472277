import { keysetPage, type Page } from '@codex/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { Anomaly } from '../anomaly.entity';
import type { AnomalyListQuery, AnomalyView } from './anomaly.schemas';

/** Reads anomalies in the caller's tenant scope (row-level security filters the rest). */
@Injectable()
export class AnomalyReader {
  list(manager: EntityManager, query: AnomalyListQuery): Promise<Page<AnomalyView>> {
    const select = manager.getRepository(Anomaly).createQueryBuilder('anomaly');
    if (query.source) select.andWhere('anomaly.source = :source', { source: query.source });
    if (query.subject)
      select.andWhere('anomaly.subject_urn = :subject', { subject: query.subject });
    if (query.direction)
      select.andWhere('anomaly.direction = :direction', { direction: query.direction });
    if (query.since) select.andWhere('anomaly.started_at >= :since', { since: query.since });
    return keysetPage(
      select,
      {
        alias: 'anomaly',
        timeColumn: 'started_at',
        idColumn: 'id',
        idProperty: 'id',
        idCast: 'uuid',
        direction: 'DESC',
      },
      query,
      toView,
    );
  }

  async get(manager: EntityManager, id: string): Promise<AnomalyView | undefined> {
    const found = await manager.getRepository(Anomaly).findOneBy({ id });
    return found ? toView(found) : undefined;
  }
}

function toView(anomaly: Anomaly): AnomalyView {
  return {
    id: anomaly.id,
    source: anomaly.source,
    seriesKey: anomaly.seriesKey,
    subjectUrn: anomaly.subjectUrn,
    direction: anomaly.direction,
    startedAt: anomaly.startedAt.toISOString(),
    endedAt: anomaly.endedAt.toISOString(),
    score: anomaly.score,
    actual: anomaly.actual,
    expected: anomaly.expected,
    impact: anomaly.impact === null ? null : Number(anomaly.impact),
    currency: anomaly.currency,
    details: anomaly.details,
    detectedAt: anomaly.detectedAt.toISOString(),
  };
}
