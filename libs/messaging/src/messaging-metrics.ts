import { Counter, Gauge, type Registry } from 'prom-client';

/** Counters and gauges of the event backbone, registered in the service's own registry. */
export class MessagingMetrics {
  readonly published: Counter<'topic'>;
  readonly consumed: Counter<'topic'>;
  readonly duplicates: Counter<'topic'>;
  readonly retried: Counter<'topic'>;
  readonly deadLettered: Counter<'topic' | 'reason'>;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  readonly outboxBacklog: Gauge;

  constructor(registry: Registry, countOutbox: () => Promise<number>) {
    const registers = [registry];
    this.published = new Counter({
      name: 'messaging_published_total',
      help: 'Events the outbox relay handed to Kafka',
      labelNames: ['topic'],
      registers,
    });
    this.consumed = new Counter({
      name: 'messaging_consumed_total',
      help: 'Events handled and committed',
      labelNames: ['topic'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'messaging_duplicates_total',
      help: 'Redelivered events the inbox skipped',
      labelNames: ['topic'],
      registers,
    });
    this.retried = new Counter({
      name: 'messaging_retried_total',
      help: 'Handler attempts that failed and were retried',
      labelNames: ['topic'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'messaging_dead_lettered_total',
      help: 'Events sent to a dead-letter topic',
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'messaging_consumer_lag',
      help: 'Messages behind the end of the partition after the last batch',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.outboxBacklog = new Gauge({
      name: 'messaging_outbox_backlog',
      help: 'Events in the outbox not yet sent',
      registers,
      async collect() {
        // A failed count shows as NaN rather than failing the whole scrape.
        this.set(await countOutbox().catch(() => Number.NaN));
      },
    });
  }
}
