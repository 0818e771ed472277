import type { Telemetry } from '@codex/telemetry';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';

export const TELEMETRY = Symbol('TELEMETRY');

/** Flushes buffered spans as the last step of shutdown. */
@Injectable()
export class TelemetryLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TELEMETRY) private readonly telemetry: Telemetry) {}

  onApplicationShutdown(): Promise<void> {
    return this.telemetry.shutdown();
  }
}
