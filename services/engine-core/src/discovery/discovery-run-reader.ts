import type { Principal } from '@codex/auth';
import { Injectable } from '@nestjs/common';

import type {
  DiscoveryRunListQuery,
  DiscoveryRunPage,
  DiscoveryRunView,
} from './api/discovery-run.schemas';
import { DiscoveryProblem } from './discovery-problem';
import { DiscoveryRunStore } from './discovery-run-store';
import { discoveryRunView } from './discovery-run-view';

/** The caller's tenant's runs; another tenant's run does not exist for them. */
@Injectable()
export class DiscoveryRunReader {
  constructor(private readonly runs: DiscoveryRunStore) {}

  async get(caller: Principal, id: string): Promise<DiscoveryRunView> {
    const run = await this.runs.find(caller.tenantId, id);
    if (!run) throw new DiscoveryProblem('run_not_found', `discovery run ${id} does not exist`);
    return discoveryRunView(run);
  }

  list(caller: Principal, query: DiscoveryRunListQuery): Promise<DiscoveryRunPage> {
    return this.runs.list(caller.tenantId, query, discoveryRunView);
  }
}
