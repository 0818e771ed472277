/** One day of cost of one resource, as `cost_lines` holds it. */
export interface DailyCostLine {
  day: string;
  provider: string;
  accountId: string;
  service: string;
  resourceId: string;
  resourceUrn: string;
  tags: Record<string, string>;
  cost: number;
  currency: string;
}

/** The cost of one account's service per day, and the same split by resource and by tag. */
export interface ServiceCost {
  key: string;
  provider: string;
  accountId: string;
  service: string;
  currency: string;
  total: number[];
  /** The part of `total` no resource carries: fees, taxes, credits, support. */
  unallocated: number[];
  resources: Map<string, { urn: string; values: number[] }>;
  /** `key=value` → its values and the resources that carry it. */
  tags: Map<string, { values: number[]; resources: Set<string> }>;
}

export interface DailyCost {
  days: string[];
  services: ServiceCost[];
}

const DAY_MS = 86_400_000;

/** Every day from the first to the last line, and each service's series over them, 0 where nothing was billed. */
export function dailyCost(lines: readonly DailyCostLine[]): DailyCost {
  if (lines.length === 0) return { days: [], services: [] };
  let first = lines[0]!.day;
  let last = first;
  for (const line of lines) {
    if (line.day < first) first = line.day;
    if (line.day > last) last = line.day;
  }
  const days: string[] = [];
  for (
    let t = Date.parse(`${first}T00:00:00Z`);
    t <= Date.parse(`${last}T00:00:00Z`);
    t += DAY_MS
  ) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  const indexOf = new Map(days.map((day, index) => [day, index]));
  const services = new Map<string, ServiceCost>();
  for (const line of lines) {
    const key = `cost:${line.provider}:${line.accountId}:${line.service}:${line.currency}`;
    let service = services.get(key);
    if (!service) {
      service = {
        key,
        provider: line.provider,
        accountId: line.accountId,
        service: line.service,
        currency: line.currency,
        total: zeros(days.length),
        unallocated: zeros(days.length),
        resources: new Map(),
        tags: new Map(),
      };
      services.set(key, service);
    }
    const at = indexOf.get(line.day)!;
    service.total[at]! += line.cost;
    if (!line.resourceId) {
      service.unallocated[at]! += line.cost;
      continue;
    }
    let resource = service.resources.get(line.resourceId);
    if (!resource) {
      resource = { urn: line.resourceUrn, values: zeros(days.length) };
      service.resources.set(line.resourceId, resource);
    }
    resource.values[at]! += line.cost;
    for (const [name, value] of Object.entries(line.tags)) {
      const tag = `${name}=${value}`;
      let tagged = service.tags.get(tag);
      if (!tagged) {
        tagged = { values: zeros(days.length), resources: new Set() };
        service.tags.set(tag, tagged);
      }
      tagged.values[at]! += line.cost;
      tagged.resources.add(line.resourceId);
    }
  }
  return { days, services: [...services.values()] };
}

function zeros(length: number): number[] {
  return new Array<number>(length).fill(0);
}
