import { CostForecast } from '../cost/budgets/cost-forecast.entity';
import { Insight } from './insight.entity';

export const insightEntities = [Insight, CostForecast];
