import type { RecentCost } from '../lib/costs';
import type { ActionPlan } from '../lib/plan-diff';
import type { paths } from './schema';

/**
 * Responses the console reads. Where the gateway's OpenAPI document has a schema, the type
 * comes from the generated `schema.d.ts`; where it documents none yet (inventory, actions,
 * catalogue), the shape follows aetherium's views (inventory-reader.ts, action.entity.ts,
 * action-catalogue.view.ts).
 */
type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type AccountPage = Json<'/api/v1/accounts', 'get', 200>;
export type Account = AccountPage['items'][number];
export type ConnectAccount = NonNullable<
  paths['/api/v1/accounts']['post']['requestBody']
>['content']['application/json'];
export type DiscoveryRunPage = Json<'/api/v1/compute/discovery-runs', 'get', 200>;
export type DiscoveryRun = DiscoveryRunPage['items'][number];
export type UserPage = Json<'/api/v1/identity/users', 'get', 200>;
export type User = UserPage['items'][number];
export type ApiKeyPage = Json<'/api/v1/identity/api-keys', 'get', 200>;
export type NewApiKey = Json<'/api/v1/identity/api-keys', 'post', 201>;
export type MachineClientPage = Json<'/api/v1/identity/machine-clients', 'get', 200>;
export type NewMachineClient = Json<'/api/v1/identity/machine-clients', 'post', 201>;
export type AuditPage = Json<'/api/v1/identity/audit-events', 'get', 200>;

export interface Resource {
  urn: string;
  provider: string;
  accountId: string;
  region: string;
  type: string;
  name: string;
  tags: Record<string, string>;
  state: string;
  attributes: Record<string, unknown>;
  observedAt: string;
  updatedAt: string;
  /** Cost of the last 30 full days from the daily resource rollup; null when none was billed. */
  recentCost: RecentCost | null;
}

export interface ResourcePage {
  items: Resource[];
  nextCursor: string | null;
}

export interface InventorySummary {
  total: number;
  byProvider: Record<string, number>;
  byType: Record<string, number>;
  byState: Record<string, number>;
}

export type ActionStatus =
  'draft' | 'pending_approval' | 'rejected' | 'dispatched' | 'succeeded' | 'failed';

export interface Action {
  id: string;
  idempotencyKey: string;
  targetUrn: string;
  type: string;
  executor: string;
  params: Record<string, unknown>;
  reason: string;
  plan: Record<string, unknown>;
  status: ActionStatus;
  requiresApproval: boolean;
  requestedBy: string;
  requestedByPerson: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  dispatchedAt: string | null;
  completedAt: string | null;
  executions: number;
  outcomeMessage: string | null;
  result: Record<string, unknown> | null;
}

export interface ActionPage {
  items: Action[];
  nextCursor: string | null;
}

export interface ActionEvent {
  id: string;
  actionId: string;
  event: string;
  actor: string;
  details: Record<string, unknown>;
  occurredAt: string;
}

export interface ActionEventPage {
  items: ActionEvent[];
  nextCursor: string | null;
}

export type ActionRequestResult =
  | { created: boolean; action: Action }
  | { dryRun: true; plan: ActionPlan & { target?: string }; requiresApproval: boolean };

export interface CatalogueAction {
  name: string;
  summary: string;
  executor: string;
  reversible: boolean;
  risk: string;
  productionNeedsApproval: boolean;
  params: unknown;
}

export interface Catalogue {
  items: { provider: string; resourceType: string; actions: CatalogueAction[] }[];
}

/** POST /api/v1/actions; its params are one of the catalogue's schemas (checked by the form). */
export type ActionRequestBody = NonNullable<
  paths['/api/v1/actions']['post']['requestBody']
>['content']['application/json'];

export type CostTotals = Json<'/api/v1/costs', 'get', 200>;
export type CostSeries = Json<'/api/v1/costs/series', 'get', 200>;
export type CostMovers = Json<'/api/v1/costs/movers', 'get', 200>;
export type CostResources = Json<'/api/v1/costs/resources', 'get', 200>;
export type CostSourcePage = Json<'/api/v1/costs/sources', 'get', 200>;
export type CostSource = CostSourcePage['items'][number];
export type NewCostSource = NonNullable<
  paths['/api/v1/costs/sources']['post']['requestBody']
>['content']['application/json'];
export type CostIngestionPage = Json<'/api/v1/costs/sources/{id}/ingestions', 'get', 200>;
export type CostIngestion = CostIngestionPage['items'][number];
export type BudgetPage = Json<'/api/v1/costs/budgets', 'get', 200>;
export type NewBudget = NonNullable<
  paths['/api/v1/costs/budgets']['post']['requestBody']
>['content']['application/json'];
export type BudgetAlertPage = Json<'/api/v1/costs/budgets/alerts', 'get', 200>;
export type BudgetAlert = BudgetAlertPage['items'][number];
