// The simulator's mutable state: VMs, scale sets, long-running operations and
// the throttling budget. Power states move with the clock: a VM in a
// transitional state (starting, stopping, deallocating) settles once
// `transitionMs` has passed since it entered that state.
import { createHash, randomUUID } from 'node:crypto';

import { buildEstate, sizeByName, STORAGE_ACCOUNTS, SUBSCRIPTIONS, VM_SIZES } from './estate.mjs';

const uuidFrom = (text) => {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const key = (...parts) => parts.map((p) => String(p).toLowerCase()).join('/');

export const DEFAULT_CONFIG = {
  pageSize: 50,
  transitionMs: 1500,
  lroRetryAfterSeconds: 1,
  readsPerWindow: 12000,
  writesPerWindow: 1200,
  // Where Azurite serves the storage accounts' blob data plane (primaryEndpoints.blob).
  azuriteBlobPort: 10000,
  // Rows a page of a Cost Management query answer (properties.nextLink beyond).
  costPageSize: Number(process.env.AZURE_SANDBOX_COST_PAGE_SIZE) || 1000,
};

export function createState(config) {
  const s = {
    config: { ...DEFAULT_CONFIG, ...config },
    vms: new Map(),
    scaleSets: new Map(),
    storageAccounts: new Map(),
    operations: new Map(),
    throttle: null,
    seededAt: 0,
  };

  s.seed = (options = {}) => {
    const estate = buildEstate({ vms: options.vms, seed: options.seed });
    s.vms.clear();
    s.scaleSets.clear();
    s.operations.clear();
    s.throttle = null;
    s.seededAt = estate.seededAt;
    for (const m of estate.machines) {
      s.vms.set(key(m.subscriptionId, m.resourceGroup, m.name), {
        ...m,
        vmId: uuidFrom(`vm/${m.subscriptionId}/${m.name}`),
        since: estate.seededAt,
        next: null,
        provisioning: 'Succeeded',
      });
    }
    for (const v of estate.scaleSets) {
      s.scaleSets.set(key(v.subscriptionId, v.resourceGroup, v.name), {
        ...v,
        uniqueId: uuidFrom(`vmss/${v.subscriptionId}/${v.name}`),
        provisioning: 'Succeeded',
      });
    }
    s.storageAccounts.clear();
    for (const a of STORAGE_ACCOUNTS) {
      s.storageAccounts.set(a.name, {
        ...structuredClone(a),
        created: estate.seededAt - a.createdDaysAgo * 86400_000,
      });
    }
    return {
      vms: s.vms.size,
      scaleSets: s.scaleSets.size,
      storageAccounts: s.storageAccounts.size,
    };
  };

  s.subscription = (id) =>
    SUBSCRIPTIONS.find((x) => x.subscriptionId.toLowerCase() === String(id).toLowerCase());
  s.group = (sub, name) => sub.groups.find(([g]) => g.toLowerCase() === String(name).toLowerCase());

  /** A storage account of the group (names are global, as in Azure), or undefined. */
  s.storageAccount = (sub, rg, name) => {
    const a = s.storageAccounts.get(String(name).toLowerCase());
    return a &&
      a.subscriptionId.toLowerCase() === String(sub).toLowerCase() &&
      a.resourceGroup.toLowerCase() === String(rg).toLowerCase()
      ? a
      : undefined;
  };
  s.storageAccountList = (sub, rg) =>
    [...s.storageAccounts.values()].filter(
      (a) =>
        a.subscriptionId.toLowerCase() === sub.toLowerCase() &&
        (!rg || a.resourceGroup.toLowerCase() === rg.toLowerCase()),
    );

  /** Advances a VM through its transitions up to now. */
  s.settle = (vm) => {
    const now = Date.now();
    while (vm.next && now - vm.since >= s.config.transitionMs) {
      const [nextPower, ...rest] = vm.next;
      vm.since += s.config.transitionMs;
      vm.power = nextPower;
      vm.next = rest.length ? rest : null;
      if (nextPower === 'stopped' || nextPower === 'deallocated') vm.stoppedAt = vm.since;
      if (nextPower === 'running') vm.stoppedAt = null;
    }
    if (!vm.next) vm.provisioning = 'Succeeded';
    return vm;
  };

  s.vm = (sub, rg, name) => {
    const vm = s.vms.get(key(sub, rg, name));
    return vm && s.settle(vm);
  };
  s.vmList = (sub, rg) =>
    [...s.vms.values()]
      .filter(
        (v) =>
          v.subscriptionId.toLowerCase() === sub.toLowerCase() &&
          (!rg || v.resourceGroup.toLowerCase() === rg.toLowerCase()),
      )
      .map(s.settle);
  s.deleteVm = (sub, rg, name) => s.vms.delete(key(sub, rg, name));

  s.scaleSet = (sub, rg, name) => s.settleScaleSet(s.scaleSets.get(key(sub, rg, name)));
  s.settleScaleSet = (v) => {
    if (v?.pendingUntil && Date.now() >= v.pendingUntil) {
      v.pendingUntil = null;
      v.provisioning = 'Succeeded';
    }
    return v;
  };
  s.scaleSetList = (sub, rg) =>
    [...s.scaleSets.values()]
      .filter(
        (v) =>
          v.subscriptionId.toLowerCase() === sub.toLowerCase() &&
          (!rg || v.resourceGroup.toLowerCase() === rg.toLowerCase()),
      )
      .map(s.settleScaleSet);

  /**
   * Starts a power transition. Returns an error {status, code, message} or
   * the operation. `path` lists the states the VM passes through.
   */
  s.beginPower = (vm, action) => {
    const steady = !vm.next;
    const from = vm.power;
    let path;
    switch (action) {
      case 'start':
        path = from === 'running' && steady ? [] : ['starting', 'running'];
        break;
      case 'powerOff':
        path = from === 'stopped' || from === 'deallocated' ? [] : ['stopping', 'stopped'];
        break;
      case 'deallocate':
        path = from === 'deallocated' ? [] : ['deallocating', 'deallocated'];
        break;
      case 'restart':
        if (from !== 'running') {
          return {
            status: 409,
            code: 'OperationNotAllowed',
            message: `Operation 'restart' is not allowed on VM '${vm.name}' since the VM is ${from === 'deallocated' ? 'deallocated' : `marked as ${from}`}.`,
          };
        }
        path = ['stopping', 'starting', 'running'];
        break;
      default:
        throw new Error(action);
    }
    const op = s.newOperation(vm.location, vm.subscriptionId, () => !s.settle(vm).next);
    if (path.length) {
      vm.power = path[0];
      vm.next = path.slice(1);
      vm.since = Date.now();
      vm.provisioning = 'Updating';
    }
    return op;
  };

  /** Resize rule: within a family any time; across families only when deallocated. */
  s.resize = (vm, sizeName) => {
    const target = sizeByName(sizeName);
    if (!target) {
      return {
        status: 400,
        code: 'InvalidParameter',
        message: `The requested VM size '${sizeName}' is not available in the current region. The sizes available in the current region are: ${s
          .availableSizes(vm, true)
          .map((x) => x.name)
          .join(',')}.`,
        target: 'vmSize',
      };
    }
    const current = sizeByName(vm.size);
    if (target.family !== current.family && vm.power !== 'deallocated') {
      return {
        status: 409,
        code: 'OperationNotAllowed',
        message: `Unable to resize the VM '${vm.name}' because the requested size ${target.name} is not available in the current hardware cluster. The available sizes in this cluster are: ${s
          .availableSizes(vm)
          .map((x) => x.name)
          .join(',')}. Deallocate the VM to resize to a size not in this list.`,
      };
    }
    if (target.name === vm.size) return s.newOperation(vm.location, vm.subscriptionId, () => true);
    vm.size = target.name;
    if (vm.power === 'running') {
      // A running VM restarts onto its new size.
      vm.power = 'stopping';
      vm.next = ['starting', 'running'];
      vm.since = Date.now();
    }
    vm.provisioning = 'Updating';
    return s.newOperation(vm.location, vm.subscriptionId, () => !s.settle(vm).next);
  };

  s.availableSizes = (vm, all = false) => {
    const family = sizeByName(vm.size).family;
    return all || vm.power === 'deallocated'
      ? listSizes()
      : listSizes().filter((x) => sizeByName(x.name).family === family);
  };

  s.setCapacity = (vmss, capacity) => {
    vmss.capacity = capacity;
    vmss.provisioning = 'Updating';
    vmss.pendingUntil = Date.now() + s.config.transitionMs;
    return s.newOperation(
      vmss.location,
      vmss.subscriptionId,
      () => !s.settleScaleSet(vmss).pendingUntil,
    );
  };

  s.newOperation = (location, subscriptionId, done) => {
    const op = { id: randomUUID(), location, subscriptionId, startTime: new Date(), done };
    s.operations.set(op.id, op);
    return op;
  };

  /** Throttling: a token budget per subscription and kind, refilled each window. */
  s.charge = (subscriptionId, kind) => {
    const t = s.throttle;
    const budgetKey = `${subscriptionId ?? 'tenant'}/${kind}`;
    const full = kind === 'reads' ? s.config.readsPerWindow : s.config.writesPerWindow;
    if (!t) return { remaining: full - 1 };
    if (Date.now() >= t.refillAt) {
      s.throttle = null;
      return { remaining: full - 1 };
    }
    const left = t.left[budgetKey] ?? t[kind] ?? full;
    if (left <= 0) {
      s.throttleRefusals += 1;
      return {
        throttled: true,
        retryAfter: Math.max(1, Math.ceil((t.refillAt - Date.now()) / 1000)),
      };
    }
    t.left[budgetKey] = left - 1;
    return { remaining: left - 1 };
  };
  /** Requests answered 429 since the last setThrottle: a client retrying early adds to them. */
  s.throttleRefusals = 0;
  s.setThrottle = ({ reads, writes, retryAfterSeconds = 1 }) => {
    s.throttle = { reads, writes, left: {}, refillAt: Date.now() + retryAfterSeconds * 1000 };
    s.throttleRefusals = 0;
  };

  return s;
}

const PUBLIC_SIZES = VM_SIZES.map((size) => {
  const copy = { ...size };
  delete copy.family;
  return copy;
});
export const listSizes = () => PUBLIC_SIZES;
