import { Budget, BudgetAlert } from './budgets/budget.entity';
import { CostIngestion } from './ingestion/cost-ingestion.entity';
import { CostSource } from './sources/cost-source.entity';
import { CostLineItem } from './store/cost-line-item.entity';
import { CostDailyResource, CostDailyService, CostDailyTag } from './store/cost-rollups.entity';

export const costEntities = [
  CostSource,
  CostIngestion,
  CostLineItem,
  CostDailyService,
  CostDailyResource,
  CostDailyTag,
  Budget,
  BudgetAlert,
];
