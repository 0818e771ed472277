import { Counter, type Registry } from 'prom-client';

/** What an executor did with a delivered `action.requested`. */
export type Disposition = 'executed' | 'duplicate' | 'interrupted' | 'not_owned';

export class ExecutorMetrics {
  readonly deliveries: Counter<'executor' | 'disposition'>;

  constructor(registry: Registry) {
    this.deliveries = new Counter({
      name: 'action_executor_deliveries_total',
      help: 'action.requested deliveries by what the executor did with them',
      labelNames: ['executor', 'disposition'],
      registers: [registry],
    });
  }
}
