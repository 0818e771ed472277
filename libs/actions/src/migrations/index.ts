import { ActionExecution } from '../action-execution.entity';
import { CreateActionExecutions1795440000000 } from './1795440000000-CreateActionExecutions';

/**
 * The claims table of an executor built on the kit. A new executor adds both lists to its
 * database; engine-core's own migrations created the same table before the kit existed.
 */
export const actionExecutionEntities = [ActionExecution];
export const actionExecutionMigrations = [CreateActionExecutions1795440000000];
