// Microsoft.CostManagement: exports (kept as given, never run) and the query API over
// FOCUS rows seeded per subscription (PUT /_sandbox/cost/subscriptions/{id}/rows).
// Faults: POST /_sandbox/cost/faults { status: 429, count } throttles the next calls.
import { randomUUID } from 'node:crypto';

import { armError } from './arm.mjs';

const EXPORT_TYPE = 'Microsoft.CostManagement/exports';
const QPU_PER_HOUR = 1000;
const DAY_MS = 86400_000;

// The query dimensions the sandbox groups and filters by, each read from a FOCUS row.
// Azure answers resource ids and resource group names in lower case.
const DIMENSIONS = {
  ResourceId: (r) => (r.ResourceId ?? '').toLowerCase(),
  ServiceName: (r) => r.ServiceName ?? '',
  ResourceLocation: (r) => r.RegionId ?? '',
  ResourceGroupName: (r) => (r.x_ResourceGroupName ?? '').toLowerCase(),
  ResourceGroup: (r) => (r.x_ResourceGroupName ?? '').toLowerCase(),
  ChargeType: chargeType,
  PricingModel: pricingModel,
  MeterCategory: (r) => r.x_SkuMeterCategory ?? '',
};
const AGGREGATION_NAMES = ['Cost', 'PreTaxCost', 'CostUSD', 'PreTaxCostUSD'];
const COST_COLUMN = { ActualCost: 'billed', Usage: 'billed', AmortizedCost: 'effective' };

function chargeType(r) {
  if (r.ChargeClass === 'Correction') return 'Refund';
  const unused = r.CommitmentDiscountStatus === 'Unused';
  if (unused && r.CommitmentDiscountType === 'Reservation') return 'UnusedReservation';
  if (unused && r.CommitmentDiscountType === 'Savings Plan') return 'UnusedSavingsPlan';
  return r.ChargeCategory === 'Purchase' ? 'Purchase' : 'Usage';
}

function pricingModel(r) {
  if (r.CommitmentDiscountType === 'Reservation') return 'Reservation';
  if (r.CommitmentDiscountType === 'Savings Plan') return 'SavingsPlan';
  return r.PricingCategory === 'Dynamic' ? 'Spot' : 'OnDemand';
}

const dayNumber = (date) => Number(date.toISOString().slice(0, 10).replaceAll('-', ''));
const dayStart = (date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

function parseTags(text) {
  if (!text) return {};
  try {
    const tags = typeof text === 'string' ? JSON.parse(text) : text;
    return tags && typeof tags === 'object' ? tags : {};
  } catch {
    return {};
  }
}

/** A FOCUS row as the query reads it: its day, both costs, dimensions and tags. */
function indexRow(row) {
  const start = new Date(row.ChargePeriodStart);
  if (Number.isNaN(start.getTime())) return null;
  const dimensions = {};
  for (const [name, read] of Object.entries(DIMENSIONS)) dimensions[name] = read(row);
  return {
    time: dayStart(start),
    day: dayNumber(start),
    month: `${row.ChargePeriodStart.slice(0, 7)}-01T00:00:00`,
    billed: Number(row.BilledCost ?? 0) || 0,
    effective: Number(row.EffectiveCost ?? 0) || 0,
    currency: row.BillingCurrency ?? 'USD',
    dimensions,
    tags: parseTags(row.Tags),
  };
}

const store = (state) =>
  (state.cost ??= { rows: new Map(), exports: new Map(), fault: null, served: 0, throttled: 0 });

/** `/_sandbox/cost/...`: seed rows, inject faults, read the fault counter. */
export function handleCostControl(method, segs, body, state) {
  const cost = store(state);
  const lower = segs.map((s) => s.toLowerCase());
  if (
    method === 'PUT' &&
    lower[0] === 'subscriptions' &&
    lower[2] === 'rows' &&
    segs.length === 3
  ) {
    if (!Array.isArray(body.rows)) return { status: 400, body: { error: 'rows: an array' } };
    const indexed = body.rows.map(indexRow);
    const bad = indexed.indexOf(null);
    if (bad >= 0) return { status: 400, body: { error: `rows[${bad}].ChargePeriodStart` } };
    cost.rows.set(lower[1], indexed);
    return { status: 204 };
  }
  if (method === 'POST' && lower[0] === 'faults' && segs.length === 1) {
    const status = Number(body.status ?? 429);
    const count = Number(body.count ?? 1);
    if (status !== 429 || !Number.isInteger(count) || count < 0)
      return { status: 400, body: { error: 'body: { status: 429, count: N >= 0 }' } };
    cost.fault = { status, remaining: count };
    return { status: 200, body: { ...cost.fault } };
  }
  if (method === 'GET' && lower[0] === 'faults' && segs.length === 1)
    return {
      status: 200,
      body: {
        remaining: cost.fault?.remaining ?? 0,
        throttled: cost.throttled,
        served: cost.served,
      },
    };
  return {
    status: 404,
    body: { error: `unknown control ${method} /_sandbox/cost/${segs.join('/')}` },
  };
}

/**
 * ARM requests under `{scope}/providers/Microsoft.CostManagement`, the scope a
 * subscription (`sub`) or one of its resource groups (`rg`). Null when not served here.
 */
export function handleCost({ method, url, segs, lower, sub, rg, body, state, baseUrl }) {
  const at = rg ? 6 : 4;
  const scopeSegs = segs.slice(0, at - 2);
  const scope = `/${scopeSegs.join('/')}`;
  const rest = lower.slice(at);
  const cost = store(state);
  if (cost.fault?.remaining > 0) {
    cost.fault.remaining -= 1;
    cost.throttled += 1;
    const r = armError(429, '429', 'Too many requests. Please retry.');
    r.headers = {
      'retry-after': '1',
      'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '1',
      'x-ms-ratelimit-microsoft.costmanagement-qpu-remaining': 'QueryPerHour:0',
    };
    return r;
  }
  cost.served += 1;
  const answer = route();
  if (!answer) return null;
  answer.headers = {
    ...answer.headers,
    'x-ms-ratelimit-microsoft.costmanagement-qpu-consumed': '1',
    'x-ms-ratelimit-microsoft.costmanagement-qpu-remaining': `QueryPerHour:${Math.max(0, QPU_PER_HOUR - (cost.served % QPU_PER_HOUR))}`,
  };
  return answer;

  function route() {
    if (rest[0] === 'query' && rest.length === 1 && method === 'POST')
      return query({
        url,
        body,
        rows: scopedRows(cost, sub, rg),
        scope,
        baseUrl,
        pageSize: state.config.costPageSize,
      });
    if (rest[0] !== 'exports') return null;
    const name = segs[at + 1];
    const key = `${scope.toLowerCase()}|${(name ?? '').toLowerCase()}`;
    if (rest.length === 1 && method === 'GET') {
      const expand = url.searchParams.get('$expand');
      const value = [...cost.exports.entries()]
        .filter(([k]) => k.startsWith(`${scope.toLowerCase()}|`))
        .map(([, e]) => exportResource(e, expand));
      return { status: 200, body: { value } };
    }
    const existing = cost.exports.get(key);
    if (rest.length === 2 && method === 'PUT') return putExport(cost, key, scope, name, body);
    if (!existing) return exportNotFound(name);
    if (rest.length === 2 && method === 'GET')
      return { status: 200, body: exportResource(existing, url.searchParams.get('$expand')) };
    if (rest.length === 2 && method === 'DELETE') {
      cost.exports.delete(key);
      return { status: 200 };
    }
    if (rest.length === 3 && rest[2] === 'run' && method === 'POST') return { status: 200 };
    if (rest.length === 3 && rest[2] === 'runhistory' && method === 'GET')
      return { status: 200, body: { value: [] } };
    return null;
  }
}

function scopedRows(cost, sub, rg) {
  const rows = cost.rows.get(sub.subscriptionId.toLowerCase()) ?? [];
  return rg ? rows.filter((r) => r.dimensions.ResourceGroupName === rg.toLowerCase()) : rows;
}

const badRequest = (message) => armError(400, 'BadRequest', message);
const exportNotFound = (name) =>
  armError(404, 'NotFound', `The export '${name}' was not found in the given scope.`);

function putExport(cost, key, scope, name, body) {
  const properties = body?.properties;
  if (!properties?.deliveryInfo?.destination)
    return badRequest('Invalid export definition: deliveryInfo.destination is required.');
  const { resourceId, container } = properties.deliveryInfo.destination;
  if (!resourceId || !container)
    return badRequest(
      'Invalid export definition: deliveryInfo.destination.resourceId and container are required.',
    );
  if (!properties.definition?.type)
    return badRequest('Invalid export definition: definition.type is required.');
  if (!properties.definition.timeframe)
    return badRequest('Invalid export definition: definition.timeframe is required.');
  const existing = cost.exports.get(key);
  if (existing && body.eTag && body.eTag !== existing.eTag)
    return armError(
      412,
      'PreconditionFailed',
      'The eTag does not match the current version of the export.',
    );
  const stored = {
    id: `${scope}/providers/Microsoft.CostManagement/exports/${name}`,
    name,
    eTag: `"${randomUUID().replaceAll('-', '').slice(0, 15)}"`,
    properties: structuredClone(properties),
  };
  cost.exports.set(key, stored);
  return { status: existing ? 200 : 201, body: exportResource(stored) };
}

function exportResource(e, expand) {
  const properties = { format: 'Csv', ...structuredClone(e.properties) };
  delete properties.runHistory;
  if (String(expand ?? '').toLowerCase() === 'runhistory') properties.runHistory = { value: [] };
  return { id: e.id, name: e.name, type: EXPORT_TYPE, eTag: e.eTag, properties };
}

/** The query's period as [first, last] UTC day starts (inclusive), or an error message. */
function period(definition, now = new Date()) {
  const today = dayStart(now);
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  switch (definition.timeframe) {
    case 'MonthToDate':
    case 'BillingMonthToDate':
      return [monthStart, today];
    case 'TheLastMonth':
    case 'TheLastBillingMonth':
      return [Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1), monthStart - DAY_MS];
    case 'WeekToDate':
      return [today - ((now.getUTCDay() + 6) % 7) * DAY_MS, today];
    case 'Custom': {
      const from = new Date(definition.timePeriod?.from ?? NaN);
      const to = new Date(definition.timePeriod?.to ?? NaN);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
        return 'Invalid query definition: timePeriod with from and to is required for a Custom timeframe.';
      const [first, last] = [dayStart(from), dayStart(to)];
      if (last < first) return 'Invalid query definition: timePeriod.from is after timePeriod.to.';
      if (last - first >= 366 * DAY_MS)
        return 'Invalid query definition: The time period for pulling the data cannot exceed 1 year(s).';
      return [first, last];
    }
    default:
      return `Invalid query definition: timeframe '${definition.timeframe}' is not supported.`;
  }
}

const dimensionName = (name) =>
  Object.keys(DIMENSIONS).find((d) => d.toLowerCase() === String(name).toLowerCase());

/** A predicate for `filter`, or an error message. */
function compileFilter(filter) {
  if (!filter) return () => true;
  const parts = [];
  for (const combinator of ['and', 'or']) {
    if (!filter[combinator]) continue;
    const children = filter[combinator].map(compileFilter);
    const bad = children.find((c) => typeof c === 'string');
    if (bad) return bad;
    parts.push(
      combinator === 'and' ? (r) => children.every((c) => c(r)) : (r) => children.some((c) => c(r)),
    );
  }
  for (const kind of ['dimensions', 'tags']) {
    const expr = filter[kind];
    if (!expr) continue;
    if (String(expr.operator).toLowerCase() !== 'in')
      return `Invalid query definition: operator '${expr.operator}' is not supported.`;
    const values = new Set((expr.values ?? []).map((v) => String(v).toLowerCase()));
    if (kind === 'tags') {
      parts.push((r) => values.has(String(r.tags[expr.name] ?? '').toLowerCase()));
      continue;
    }
    const name = dimensionName(expr.name);
    if (!name) return `Invalid query definition: Dimension '${expr.name}' is not valid for query.`;
    parts.push((r) => values.has(r.dimensions[name].toLowerCase()));
  }
  return (r) => parts.every((p) => p(r));
}

/** The dataset's output columns and how to read each from a row, or an error message. */
function plan(definition) {
  const dataset = definition.dataset ?? {};
  const granularity = dataset.granularity ?? 'None';
  if (!['Daily', 'Monthly', 'None'].includes(granularity))
    return `Invalid query definition: granularity '${granularity}' is not supported. Supported values are Daily, Monthly.`;
  const aggregation = Object.values(dataset.aggregation ?? { totalCost: { name: 'Cost' } });
  if (aggregation.length === 0 || aggregation.length > 2)
    return 'Invalid query definition: between 1 and 2 aggregations are allowed.';
  for (const a of aggregation) {
    if (!AGGREGATION_NAMES.includes(a.name))
      return `Invalid query definition: aggregation column '${a.name}' is not valid. Supported: ${AGGREGATION_NAMES.join(', ')}.`;
    if (String(a.function ?? 'Sum').toLowerCase() !== 'sum')
      return `Invalid query definition: aggregation function '${a.function}' is not supported.`;
  }
  const grouping = dataset.grouping ?? [];
  if (grouping.length > 2) return 'Invalid query definition: at most 2 groupings are allowed.';
  const keys = [];
  if (granularity === 'Daily') keys.push({ name: 'UsageDate', type: 'Number', read: (r) => r.day });
  if (granularity === 'Monthly')
    keys.push({ name: 'BillingMonth', type: 'Datetime', read: (r) => r.month });
  for (const g of grouping) {
    if (g.type === 'TagKey') {
      keys.push({ name: 'TagKey', type: 'String', read: (r) => (g.name in r.tags ? g.name : '') });
      keys.push({ name: 'TagValue', type: 'String', read: (r) => String(r.tags[g.name] ?? '') });
      continue;
    }
    const name = g.type === 'Dimension' ? dimensionName(g.name) : undefined;
    if (!name)
      return `Invalid query definition: Dimension '${g.name}' is not valid for query grouping.`;
    keys.push({ name: g.name, type: 'String', read: (r) => r.dimensions[name] });
  }
  keys.push({ name: 'Currency', type: 'String', read: (r) => r.currency });
  const filter = compileFilter(dataset.filter);
  if (typeof filter === 'string') return filter;
  return { aggregation, keys, filter };
}

const compareKeys = (a, b) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
};

function query({ url, body, rows, scope, baseUrl, pageSize }) {
  if (!body || typeof body !== 'object')
    return badRequest('Invalid query definition: the request body is required.');
  if (!COST_COLUMN[body.type])
    return badRequest(
      `Invalid query definition: type '${body.type}' is not supported. Supported values are Usage, ActualCost, AmortizedCost.`,
    );
  const range = period(body);
  if (typeof range === 'string') return badRequest(range);
  const shape = plan(body);
  if (typeof shape === 'string') return badRequest(shape);
  const costOf = COST_COLUMN[body.type];
  const groups = new Map();
  for (const r of rows) {
    if (r.time < range[0] || r.time > range[1] || !shape.filter(r)) continue;
    const key = shape.keys.map((k) => k.read(r));
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? groups.set(id, { key, sum: 0 }).get(id);
    group.sum += r[costOf];
  }
  const sorted = [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
  const all = sorted.map((g) => [...shape.aggregation.map(() => g.sum), ...g.key]);

  const size = Math.max(1, pageSize);
  const offset = readSkipToken(url.searchParams.get('$skiptoken'));
  if (offset === null) return badRequest('Invalid $skiptoken.');
  const pageRows = all.slice(offset, offset + size);
  let nextLink = null;
  if (offset + size < all.length) {
    const apiVersion = url.searchParams.get('api-version') ?? '2022-10-01';
    nextLink = `${baseUrl}${url.pathname}?api-version=${apiVersion}&$skiptoken=${skipToken(offset + size)}`;
  }
  const id = randomUUID();
  return {
    status: 200,
    body: {
      id: `${scope.slice(1)}/providers/Microsoft.CostManagement/query/${id}`,
      name: id,
      type: 'Microsoft.CostManagement/query',
      location: null,
      sku: null,
      eTag: null,
      properties: {
        nextLink,
        columns: [
          ...shape.aggregation.map((a) => ({ name: a.name, type: 'Number' })),
          ...shape.keys.map(({ name, type }) => ({ name, type })),
        ],
        rows: pageRows,
      },
    },
  };
}

const skipToken = (offset) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function readSkipToken(token) {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return Number.isInteger(offset) && offset >= 0 ? offset : null;
  } catch {
    return null;
  }
}
