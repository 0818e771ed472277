// GCP: rows of the BigQuery detailed usage cost export, daily, with a committed use discount
// (its daily fee and the credits on covered usage), a promotion, monthly tax and Compute
// Engine instances the inventory does not hold. Amounts are micro-dollars in the model.
import { planted } from './anomalies.mjs';
import { dailyShape, isProduction, spread, stableDigits, usd } from './model.mjs';

export const BILLING_ACCOUNT_ID = '01A2B3-C4D5E6-F7A8B9';
const COMPUTE = { id: '6F81-5844-456A', description: 'Compute Engine' };
const CUD = 'COMMITTED_USAGE_DISCOUNT';
const GIB = 2 ** 30;

const country = (location) =>
  location.startsWith('europe') ? 'BE' : location.startsWith('asia') ? 'SG' : 'US';

function base(resource, day, cost, extra) {
  const region = resource.location.replace(/-[a-z]$/, '');
  return {
    resource,
    day,
    service: { id: resource.serviceId, description: resource.serviceDescription },
    location: {
      location: resource.location,
      country: country(resource.location),
      region,
      ...(resource.zone ? { zone: resource.zone } : {}),
    },
    cost,
    credits: [],
    costType: 'regular',
    ...extra,
  };
}

function bucketLines(resource, day, random, plans, sizes) {
  const production = isProduction(resource.labels);
  const subject = { id: resource.globalName, tags: resource.labels };
  const gb = sizes.get(resource.globalName);
  const storage = Math.round(((gb * 0.02) / 30) * 1e6 * (0.99 + random() * 0.02));
  const egressGb = (2 + random() * 3) * (production && day.weekend ? 0.65 : 1);
  const egressBase = Math.round(egressGb * 0.12 * 1e6);
  const egress = planted(plans, 'gcp', subject, day.index, 'egress', egressBase);
  const egressAmount = Math.round((egress / 1e6 / 0.12) * GIB);
  return [
    base(resource, day, planted(plans, 'gcp', subject, day.index, 'usage', storage), {
      sku: { id: 'E5F0-6A5D-7BAD', description: 'Standard Storage US Regional' },
      usage: {
        amount: gb * GIB * 86400,
        unit: 'byte-seconds',
        amount_in_pricing_units: gb / 30,
        pricing_unit: 'gibibyte month',
      },
    }),
    base(resource, day, egress, {
      sku: {
        id: '22EB-AAE8-FBCD',
        description: 'Download Worldwide Destinations (excluding Asia & Australia)',
      },
      usage: {
        amount: egressAmount,
        unit: 'bytes',
        amount_in_pricing_units: egressAmount / GIB,
        pricing_unit: 'gibibyte',
      },
    }),
  ];
}

function instanceLine(resource, day, random, plans, dailyUsd) {
  const subject = { id: resource.globalName, tags: resource.labels };
  const shape = dailyShape(random, day, isProduction(resource.labels));
  const cost = planted(
    plans,
    'gcp',
    subject,
    day.index,
    'usage',
    Math.round(dailyUsd * 1e6 * shape),
  );
  const coreHours = Math.round((cost / 1e6 / 0.031611) * 1e6) / 1e6;
  return base(resource, day, cost, {
    sku: { id: 'CF4E-A0C7-E3BF', description: 'N2 Instance Core running in Americas' },
    usage: {
      amount: coreHours * 3600,
      unit: 'seconds',
      amount_in_pricing_units: coreHours,
      pricing_unit: 'hour',
    },
  });
}

/** Compute Engine instances billed in the project but absent from the inventory. */
function extraInstances(project) {
  return ['batch-render', 'ci-runner', 'ml-notebook'].map((name, index) => {
    const id = stableDigits(19, project.projectId, name);
    return {
      projectId: project.projectId,
      projectNumber: project.projectNumber,
      location: 'us-central1',
      zone: 'us-central1-a',
      globalName: `//compute.googleapis.com/projects/${project.projectId}/zones/us-central1-a/instances/${id}`,
      name,
      serviceId: COMPUTE.id,
      serviceDescription: COMPUTE.description,
      labels: { team: 'data', env: index === 2 ? 'dev' : 'production' },
      daily: [4.2, 3.1, 2.4][index],
    };
  });
}

function row(line, exportTime) {
  const { resource, day } = line;
  return {
    billing_account_id: BILLING_ACCOUNT_ID,
    service: line.service,
    sku: line.sku,
    usage_start_time: day.start,
    usage_end_time: day.end,
    project: { id: resource.projectId, number: resource.projectNumber, name: resource.projectId },
    labels: Object.entries(resource.labels ?? {}).map(([key, value]) => ({ key, value })),
    location: line.location,
    resource: line.noResource ? null : { name: resource.name, global_name: resource.globalName },
    export_time: exportTime,
    cost: Number(usd(line.cost)),
    currency: 'USD',
    currency_conversion_rate: 1,
    usage: line.usage,
    credits: line.credits.map((c) => ({
      name: c.name,
      amount: Number(usd(c.amount)),
      full_name: c.fullName,
      id: c.id,
      type: c.type,
    })),
    invoice: { month: day.month.replace('-', '') },
    cost_type: line.costType,
    cost_at_list: Number(usd(line.costAtList ?? line.cost)),
    ...(line.subscription ? { subscription: { instance_id: line.subscription } } : {}),
  };
}

/** Billed and effective of one line by ADR 22, shares of commitment fees already set. */
export function gcpLineAmounts(line) {
  const credits = line.credits.reduce((sum, c) => sum + c.amount, 0);
  const cud = line.credits.filter((c) => c.type === CUD).reduce((sum, c) => sum + c.amount, 0);
  const promotions = credits - cud;
  const own = line.subscription
    ? line.feeUnused
      ? line.cost
      : 0
    : line.cost + cud + (line.share ?? 0);
  return { billed: line.cost + credits, effective: own + promotions };
}

export function gcpBill({ estate, days, random, plans, seed }) {
  const project = estate[0] ?? { projectId: 'codex-sandbox', projectNumber: '100000000001' };
  const sizes = new Map(estate.map((r) => [r.globalName, 80 + Math.floor(random() * 2400)]));
  const extras = extraInstances(project);
  const commitment = stableDigits(19, seed, project.projectId, 'commitment');
  const coveredDaily = (extras[0].daily + extras[1].daily) * 0.9;
  const fee = Math.round(coveredDaily * 0.63 * 1e6);
  const feeResource = { ...extras[0], name: '', globalName: '', labels: {} };
  const lines = [];
  for (const day of days) {
    const today = [];
    for (const resource of estate) {
      if (resource.globalName.startsWith('//storage.googleapis.com/'))
        today.push(...bucketLines(resource, day, random, plans, sizes));
      else
        today.push(
          instanceLine(
            resource,
            day,
            random,
            plans,
            1.2 + (sizes.get(resource.globalName) % 7) / 4,
          ),
        );
    }
    const feeLine = base(feeResource, day, fee, {
      service: COMPUTE,
      sku: { id: '4F1B-7A2C-9D3E', description: 'Commitment v1: Cpu in us-central1 for 1 Year' },
      usage: {
        amount: 8 * 86400,
        unit: 'seconds',
        amount_in_pricing_units: 8 * 24,
        pricing_unit: 'hour',
      },
      subscription: commitment,
      noResource: true,
      location: { location: 'us-central1', country: 'US', region: 'us-central1' },
    });
    today.push(feeLine);
    const covered = [];
    for (const [index, resource] of extras.entries()) {
      if (index < 2 && day.index < 2) continue; // created two days in: the first fees go unused
      const line = instanceLine(resource, day, random, plans, resource.daily);
      if (index < 2) {
        line.credits.push({
          name: 'Committed use discount: CPU',
          fullName: 'Committed use discount: CPU',
          id: `CommittedUsageDiscount:${commitment}`,
          type: CUD,
          amount: -Math.round(line.cost * 0.9),
        });
        line.costAtList = line.cost;
        covered.push(line);
      } else {
        line.credits.push({
          name: 'FreeTrial:1A2B-3C4D',
          fullName: 'Free Trial credit',
          id: 'FreeTrial:1A2B-3C4D',
          type: 'PROMOTION',
          amount: -Math.round(line.cost * 0.2),
        });
      }
      today.push(line);
    }
    const weights = covered.map((l) => Math.abs(l.credits[0].amount));
    if (weights.some((w) => w > 0))
      spread(fee, weights).forEach((share, i) => (covered[i].share = share));
    else feeLine.feeUnused = true;
    lines.push(...today);
  }
  for (const month of [...new Set(days.map((d) => d.month))]) {
    const first = days.find((d) => d.month === month);
    const charged = lines
      .filter((l) => l.day.month === month)
      .reduce((sum, l) => sum + gcpLineAmounts(l).billed, 0);
    lines.push(
      base(
        { ...project, location: 'us', name: '', globalName: '', labels: {} },
        first,
        Math.round(Math.max(0, charged) * 0.05),
        {
          service: { id: '', description: 'Tax' },
          sku: { id: '', description: 'Tax' },
          usage: { amount: 0, unit: '', amount_in_pricing_units: 0, pricing_unit: '' },
          costType: 'tax',
          noResource: true,
          location: { location: 'us', country: 'US' },
        },
      ),
    );
  }
  const rows = lines.map((line) => {
    const exported = new Date(
      Date.parse(line.day.end) + (6 + (line.day.index % 5)) * 3_600_000,
    ).toISOString();
    return row(line, exported);
  });
  return { lines, rows };
}
