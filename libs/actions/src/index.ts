export * from './action-execution.entity';
export * from './action-executor';
export * from './action-handler';
export * from './executor-metrics';
export * from './migrations';
export * from './resource-discovered-event';
