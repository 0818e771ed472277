import type { DiscoveryProgress } from '../compute/ports';
import type { RunProgress } from './discovery-run.entity';

/** The latest page count of every (region, resource type) listing of a run. */
export class ProgressTracker {
  private readonly listings: RunProgress = {};

  readonly listener = (step: DiscoveryProgress): void => {
    this.listings[`${step.region}/${step.resourceType}`] = {
      region: step.region,
      resourceType: step.resourceType,
      pages: step.pages,
      resources: step.resources,
    };
  };

  snapshot(): RunProgress {
    return structuredClone(this.listings);
  }
}
