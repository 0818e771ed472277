import { Injectable } from '@nestjs/common';
import type { CustomTransportStrategy } from '@nestjs/microservices';

/** Nest microservice transports (e.g. Kafka consumers) that modules register to run beside the HTTP server. */
@Injectable()
export class TransportStrategies {
  private readonly strategies: CustomTransportStrategy[] = [];

  register(strategy: CustomTransportStrategy): void {
    this.strategies.push(strategy);
  }

  all(): readonly CustomTransportStrategy[] {
    return this.strategies;
  }
}
