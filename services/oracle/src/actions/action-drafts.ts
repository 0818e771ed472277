import { ProblemException } from '@codex/platform';
import { Inject, Injectable } from '@nestjs/common';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';

export interface DraftRequest {
  targetUrn: string;
  type: string;
  params: Record<string, unknown>;
  reason: string;
  /** The same key asks once: applying twice answers the draft the first call made. */
  idempotencyKey: string;
}

export interface DraftedAction {
  id: string;
  status: string;
}

/**
 * Turns what the oracle proposes into a DRAFT in aetherium's action pipeline, as the caller
 * (their token goes along, so the ledger names them and their role is checked there). A
 * draft never runs by itself: someone submits it, an approver approves it when policy says.
 */
@Injectable()
export class ActionDrafts {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  async create(authorization: string, request: DraftRequest): Promise<DraftedAction> {
    const response = await fetch(new URL('/api/v1/actions', this.config.aetheriumUrl), {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json',
        'idempotency-key': request.idempotencyKey,
      },
      body: JSON.stringify({
        targetUrn: request.targetUrn,
        type: request.type,
        params: request.params,
        reason: request.reason,
        draft: true,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const detail =
        typeof body['detail'] === 'string' ? body['detail'] : `HTTP ${response.status}`;
      const status = response.status >= 400 && response.status < 500 ? response.status : 502;
      throw new ProblemException(
        status,
        'action_draft_refused',
        `the action pipeline refused the draft: ${detail}`,
        {
          upstream: body,
        },
      );
    }
    const action = (body['action'] ?? body) as Record<string, unknown>;
    return { id: String(action['id']), status: String(action['status']) };
  }
}
