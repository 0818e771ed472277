import type { PlatformConfig } from '@codex/config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { type Admin, Kafka, logLevel } from 'kafkajs';

import { PLATFORM_CONFIG } from '../platform-config.token';
import { describeError, withTimeout } from './with-timeout';

/** Ready when a broker answers a metadata request with at least one live broker. */
@Injectable()
export class KafkaHealthIndicator implements OnApplicationShutdown {
  private readonly admin: Admin;
  private readonly timeoutMs: number;
  private connected = false;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.admin = new Kafka({
      clientId: `${config.service}-health`,
      brokers: config.kafka.brokers,
      connectionTimeout: config.health.checkTimeoutMs,
      requestTimeout: config.health.checkTimeoutMs,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
    this.timeoutMs = config.health.checkTimeoutMs;
  }

  async check(key: string, timeoutMs: number) {
    const indicator = this.indicators.check(key);
    try {
      const cluster = await withTimeout(this.describeCluster(), timeoutMs, 'kafka');
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      await this.reset();
      return indicator.down({ message: describeError(error) });
    }
  }

  /** Not awaited: nothing depends on this connection closing cleanly at exit. */
  onApplicationShutdown(): void {
    void this.reset();
  }

  private async describeCluster() {
    if (!this.connected) {
      await this.admin.connect();
      this.connected = true;
    }
    return this.admin.describeCluster();
  }

  private async reset(): Promise<void> {
    this.connected = false;
    await withTimeout(this.admin.disconnect(), this.timeoutMs, 'kafka disconnect').catch(
      () => undefined,
    );
  }
}
