import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import type { ServiceConfig } from '../config';
import { SERVICE_CONFIG } from '../service-config.token';
import { RefreshRecommendations } from './refresh-recommendations';

/** Refreshes every tenant's recommendations each RECOMMENDATION_INTERVAL_MINUTES (0: never). */
@Injectable()
export class RecommendationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RecommendationScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly refresher: RefreshRecommendations,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.recommendationIntervalMs > 0)
      this.timer = setInterval(() => void this.tick(), this.config.recommendationIntervalMs);
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const tenantId of await this.refresher.tenants()) {
        try {
          await this.refresher.refresh(tenantId);
        } catch (error) {
          this.logger.error(`refreshing the recommendations of ${tenantId}: ${String(error)}`);
        }
      }
    } catch (error) {
      this.logger.error(`listing the tenants to recommend for: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
