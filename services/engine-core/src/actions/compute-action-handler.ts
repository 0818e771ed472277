import type { ActionHandler, ActionRequest, HandlerOutcome } from '@codex/actions';
import { PROVIDER_LABELS, providerEnum } from '@codex/connectors';
import type { ActionCatalogue } from '@codex/contracts';

import type { ComputeActionsPort, VerifiedAction } from '../compute/ports';
import { computeActionFor } from './compute-action-for';
import type { ActionAccounts } from './ports';

/** engine-core's half of the executor kit: a catalogue action on a compute resource, verified. */
export class ComputeActionHandler implements ActionHandler {
  constructor(
    private readonly catalogue: ActionCatalogue,
    private readonly accounts: ActionAccounts,
    private readonly compute: ComputeActionsPort,
  ) {}

  async execute(request: ActionRequest): Promise<HandlerOutcome> {
    const translated = computeActionFor(
      this.catalogue,
      request.targetUrn,
      request.actionType,
      request.params,
    );
    if ('refusal' in translated) return { status: 'rejected', message: translated.refusal };
    const { target } = translated.action;
    const access = await this.accounts.accessFor(request.tenantId, target.accountId);
    if (!access || access.provider !== target.provider) {
      return {
        status: 'rejected',
        message: `${PROVIDER_LABELS[target.provider]} account ${target.accountId} is not connected for this tenant`,
      };
    }
    const verified = await this.compute.execute(access, translated.action);
    return {
      status: 'succeeded',
      message: `${request.actionType} done and verified`,
      result: { before: { ...verified.before }, after: { ...verified.after } },
      observed: observed(verified),
    };
  }
}

function observed({ target, observedAt }: VerifiedAction) {
  return { ...target, provider: providerEnum(target.provider), observedAt };
}
