import { Public } from '@codex/auth';
import { Controller, Get, Header } from '@nestjs/common';

import { MetricsRegistry } from './metrics-registry';

@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
