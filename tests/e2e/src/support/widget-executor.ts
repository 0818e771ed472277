import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  actionExecutionEntities,
  actionExecutionMigrations,
  ActionExecutor,
  type ActionHandler,
  type ActionRequest,
  ExecutorMetrics,
  type HandlerOutcome,
  type ObservedResource,
  resourceDiscoveredEvent,
} from '@codex/actions';
import { ActionCompletedSchema, ActionOutcome } from '@codex/contracts';
import {
  decodeEvent,
  Outbox,
  type StandalonePublisher,
  startStandalonePublisher,
} from '@codex/messaging';
import { postgresOptions } from '@codex/persistence';
import { createScratchDatabase, localInfra, type ScratchDatabase } from '@codex/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

export const WIDGET_EXECUTOR = 'widget-executor';
export const WIDGET_TYPE = 'codex-test/widget';

/** The catalogue extension aetherium loads: widgets and the one action they have. */
export const WIDGET_CATALOGUE = [
  {
    provider: 'aws',
    resourceType: WIDGET_TYPE,
    actions: {
      recalibrate: {
        summary: 'Recalibrate a widget to a level',
        executor: WIDGET_EXECUTOR,
        reversible: true,
        risk: 'low',
        params: {
          type: 'object',
          properties: { level: { type: 'integer', minimum: 1, maximum: 5 } },
          required: ['level'],
          additionalProperties: false,
        },
        steps: ['recalibrate the widget'],
      },
    },
  },
];

/** Recalibrates widgets held in memory and reports each one's new state. */
class WidgetHandler implements ActionHandler {
  readonly calls: ActionRequest[] = [];

  constructor(private readonly widgets: Map<string, ObservedResource>) {}

  execute(request: ActionRequest): Promise<HandlerOutcome> {
    this.calls.push(request);
    const widget = this.widgets.get(request.targetUrn);
    if (!widget) return Promise.resolve({ status: 'rejected', message: 'no such widget' });
    const level = Number(request.params?.level);
    const after = {
      ...widget,
      state: 'calibrated',
      attributes: { ...widget.attributes, level },
      observedAt: new Date(),
    };
    this.widgets.set(widget.urn, after);
    return Promise.resolve({
      status: 'succeeded',
      message: `recalibrated to ${level}`,
      result: { before: { level: Number(widget.attributes.level) }, after: { level } },
      observed: after,
    });
  }
}

/**
 * A second executor, as a platform team would run one: its own database, the executor kit,
 * `action.requested` from Kafka, and `action.completed` and `resource.discovered` out
 * through its outbox.
 */
export class WidgetExecutor {
  private stopConsumer: () => Promise<void> = () => Promise.resolve();

  private constructor(
    private readonly scratch: ScratchDatabase,
    private readonly dataSource: DataSource,
    private readonly publisher: StandalonePublisher,
    private readonly executor: ActionExecutor,
    private readonly widgets: Map<string, ObservedResource>,
    private readonly handler: WidgetHandler,
  ) {}

  static async start(topicPrefix: string): Promise<WidgetExecutor> {
    const scratch = await createScratchDatabase('widget_executor');
    const publisher = await startStandalonePublisher({
      databaseUrl: scratch.url,
      source: WIDGET_EXECUTOR,
      brokers: localInfra().kafkaBrokers,
      topicPrefix,
      publishes: ['resource.discovered', 'action.completed'],
    });
    const dataSource = await new DataSource(
      postgresOptions({
        url: scratch.url,
        poolMax: 3,
        applicationName: WIDGET_EXECUTOR,
        entities: actionExecutionEntities,
        migrations: actionExecutionMigrations,
      }),
    ).initialize();
    await dataSource.runMigrations();
    const widgets = new Map<string, ObservedResource>();
    const handler = new WidgetHandler(widgets);
    const executor = new ActionExecutor({
      name: WIDGET_EXECUTOR,
      dataSource,
      outbox: new Outbox(WIDGET_EXECUTOR, ['resource.discovered', 'action.completed']),
      handler,
      metrics: new ExecutorMetrics(new Registry()),
    });
    const running = new WidgetExecutor(scratch, dataSource, publisher, executor, widgets, handler);
    await running.consume(topicPrefix);
    return running;
  }

  /** How many times the widget executor was asked to do work. */
  get executions(): number {
    return this.handler.calls.length;
  }

  /** Announces a widget of a tenant, as discovery would. */
  async announce(tenantId: string, widget: Omit<ObservedResource, 'observedAt'>): Promise<void> {
    const seen = { ...widget, observedAt: new Date() };
    this.widgets.set(widget.urn, seen);
    await this.publisher.publish('resource.discovered', [resourceDiscoveredEvent(tenantId, seen)]);
  }

  /** Sends a completion as a confused or late executor would. */
  async complete(
    request: { actionId: string; tenantId: string; targetUrn: string },
    outcome: ActionOutcome,
    executor: string,
  ): Promise<void> {
    await this.publisher.publish('action.completed', [
      {
        payload: create(ActionCompletedSchema, {
          ...request,
          idempotencyKey: randomUUID(),
          actionType: 'recalibrate',
          outcome,
          message: `a ${ActionOutcome[outcome]} completion sent late`,
          executor,
          completedAt: timestampFromDate(new Date()),
        }),
        metadata: { key: request.actionId, tenantId: request.tenantId },
      },
    ]);
  }

  async stop(): Promise<void> {
    await this.stopConsumer();
    await this.publisher.close();
    await this.dataSource.destroy();
    await this.scratch.drop();
  }

  private async consume(topicPrefix: string): Promise<void> {
    const kafka = new Kafka({ brokers: [localInfra().kafkaBrokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `${WIDGET_EXECUTOR}-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${topicPrefix}action.requested`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const { payload } = decodeEvent('action.requested', message);
        await this.dataSource.transaction((manager) => this.executor.handle(payload, manager));
      },
    });
    this.stopConsumer = () => consumer.disconnect();
  }
}
