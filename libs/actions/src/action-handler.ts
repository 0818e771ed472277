import type { JsonObject } from '@bufbuild/protobuf';
import type { EventOf, Provider } from '@codex/contracts';

export type ActionRequest = EventOf<'action.requested'>;

/** A resource as the read that verified an action saw it, mapped as discovery maps it. */
export interface ObservedResource {
  urn: string;
  provider: Provider;
  accountId: string;
  region: string;
  resourceType: string;
  name: string;
  tags: Record<string, string>;
  state: string;
  attributes: Record<string, unknown>;
  /** When the verifying read answered: an observation made before it never overwrites this one. */
  observedAt: Date;
}

/** How one execution ended, as the handler reports it. */
export type HandlerOutcome =
  | {
      status: 'succeeded';
      message: string;
      /** What changed, e.g. the target before and after. */
      result: JsonObject;
      /** The target's new state; published as `resource.discovered` with the completion. */
      observed?: ObservedResource;
    }
  | { status: 'rejected'; message: string };

/**
 * The provider-specific half of an executor: performs one action and verifies its effect.
 * Throws ProviderError (libs/connectors) when the provider refuses or the effect did not take.
 */
export interface ActionHandler {
  execute(request: ActionRequest): Promise<HandlerOutcome>;
}
