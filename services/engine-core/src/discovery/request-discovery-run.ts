import type { Principal } from '@codex/auth';
import { Injectable } from '@nestjs/common';

import type { DiscoveryRunView, NewDiscoveryRun } from './api/discovery-run.schemas';
import { DiscoveryProblem } from './discovery-problem';
import {
  AccountNotConnectedError,
  DiscoveryRunStore,
  RunInProgressError,
} from './discovery-run-store';
import { discoveryRunView } from './discovery-run-view';
import { DiscoveryRunner } from './discovery-runner';

/**
 * Queues a manual run of one of the caller's connected accounts and starts it in the
 * background. A disconnected account, like another tenant's, does not exist for it.
 */
@Injectable()
export class RequestDiscoveryRun {
  constructor(
    private readonly runs: DiscoveryRunStore,
    private readonly runner: DiscoveryRunner,
  ) {}

  async request(caller: Principal, { accountId }: NewDiscoveryRun): Promise<DiscoveryRunView> {
    try {
      const run = await this.runs.enqueue({
        tenantId: caller.tenantId,
        accountId,
        trigger: 'manual',
        requestedBy: caller.subject,
      });
      this.runner.wake();
      return discoveryRunView(run);
    } catch (error) {
      if (error instanceof RunInProgressError) {
        throw new DiscoveryProblem('run_in_progress', error.message);
      }
      if (error instanceof AccountNotConnectedError) {
        throw new DiscoveryProblem('account_not_found', `account ${accountId} does not exist`);
      }
      throw error;
    }
  }
}
