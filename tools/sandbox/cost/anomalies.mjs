// The planted anomalies: chosen from the estate, placed after the first 21 days, and
// applied as a multiplier on the lines they touch. Each one adds up its own impact.

/** The first day at or after `from` that falls on `weekday` (0 Sunday … 6 Saturday). */
function firstWeekday(days, from, weekday) {
  const found = days.slice(from).find((day) => day.weekday === weekday);
  return found ? found.index : from;
}

/** Which resources carry which anomaly; resources the plan names are not free for another. */
export function planAnomalies(estate, days) {
  const plans = [];
  const last = days.length - 1;
  const at = (index) => Math.min(Math.max(index, 21), last);
  const window = (start, length) => ({
    start: at(start),
    end: Math.min(at(start) + length - 1, last),
  });

  const ec2 = estate.aws.filter((r) => r.productCode === 'AmazonEC2');
  const team = ec2[0]?.tags?.team;
  if (team) {
    const spiked =
      ec2.find((r) => r.tags?.team !== team && r.tags?.env === 'production') ??
      ec2.find((r) => r.tags?.team !== team) ??
      ec2[0];
    plans.push({
      id: 'aws-ec2-spike',
      provider: 'aws',
      accountId: spiked.accountId,
      service: 'AmazonEC2',
      resourceId: spiked.resourceId,
      tag: null,
      kind: 'spike',
      factor: 4,
      ...window(firstWeekday(days, 28, 2), 3),
      rootCause: { dimension: 'resource', value: spiked.resourceId },
    });
    plans.push({
      id: 'aws-team-increase',
      provider: 'aws',
      accountId: ec2[0].accountId,
      service: 'AmazonEC2',
      resourceId: null,
      tag: { key: 'team', value: team },
      kind: 'tag_wide',
      factor: 1.6,
      ...window(firstWeekday(days, 58, 1), 7),
      rootCause: { dimension: 'tag', value: `team=${team}` },
    });
  }

  const bucket = estate.gcp.find((r) => r.globalName.startsWith('//storage.googleapis.com/'));
  if (bucket) {
    plans.push({
      id: 'gcp-gcs-egress-spike',
      provider: 'gcp',
      accountId: bucket.projectId,
      service: bucket.serviceDescription,
      resourceId: bucket.globalName,
      tag: null,
      kind: 'spike',
      factor: 8,
      line: 'egress',
      ...window(firstWeekday(days, 44, 3), 2),
      rootCause: { dimension: 'resource', value: bucket.globalName },
    });
  }

  const vms = estate.azure.slice(1); // the first is the reserved one
  const shifted = vms.at(-1);
  if (shifted) {
    plans.push({
      id: 'azure-new-vm',
      provider: 'azure',
      accountId: shifted.subscriptionId,
      service: shifted.serviceName,
      resourceId: shifted.resourceId,
      tag: null,
      kind: 'level_shift',
      factor: Infinity,
      start: at(50),
      end: last,
      rootCause: { dimension: 'resource', value: shifted.resourceId },
    });
  }
  const dropped = vms.slice(0, -1).find((r) => r.tags?.env === 'production') ?? vms.slice(0, -1)[0];
  if (dropped) {
    plans.push({
      id: 'azure-vm-drop',
      provider: 'azure',
      accountId: dropped.subscriptionId,
      service: dropped.serviceName,
      resourceId: dropped.resourceId,
      tag: null,
      kind: 'drop',
      factor: 0.04,
      ...window(70, 5),
      rootCause: { dimension: 'resource', value: dropped.resourceId },
    });
  }
  return plans.map((plan) => ({ ...plan, impact: 0 }));
}

const touches = (plan, provider, resource, line) =>
  plan.provider === provider &&
  (!plan.line || plan.line === line) &&
  (plan.resourceId
    ? plan.resourceId === resource.id
    : resource.tags?.[plan.tag.key] === plan.tag.value);

/**
 * A line's planted cost from its unplanted `base`. A level shift is a resource that costs
 * nothing before its start (its impact is all it costs after); the others multiply the line
 * inside their window and book the difference as their impact.
 */
export function planted(plans, provider, resource, index, line, base) {
  let cost = base;
  for (const plan of plans) {
    if (!touches(plan, provider, resource, line)) continue;
    if (plan.kind === 'level_shift') {
      if (index < plan.start) return 0;
      plan.impact += base;
    } else if (index >= plan.start && index <= plan.end) {
      const next = Math.round(cost * plan.factor);
      plan.impact += next - cost;
      cost = next;
    }
  }
  return cost;
}

export function describeAnomalies(plans, days) {
  return plans.map(({ impact, start, end, factor, line, ...plan }) => ({
    ...plan,
    start: days[start].date,
    end: days[end].date,
    factor: Number.isFinite(factor) ? factor : null,
    ...(line ? { line } : {}),
    expectedImpactUsd: Math.round(impact / 1e4) / 100,
  }));
}
