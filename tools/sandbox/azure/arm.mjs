// Azure Resource Manager routes: subscriptions, resource groups, Microsoft.Compute
// virtual machines and scale sets, long-running operations, Microsoft.Insights metrics,
// Microsoft.Storage (storage.mjs), Microsoft.CostManagement (cost.mjs).
// Paths are matched case-insensitively, as ARM does.
import { handleCost } from './cost.mjs';
import { CLIENTS, imageFor, SUBSCRIPTIONS, TENANT_ID } from './estate.mjs';
import { vmMetrics } from './metrics.mjs';
import { listSizes } from './state.mjs';
import { handleStorage } from './storage.mjs';

const DISPLAY = {
  running: 'VM running',
  starting: 'VM starting',
  stopping: 'VM stopping',
  stopped: 'VM stopped',
  deallocating: 'VM deallocating',
  deallocated: 'VM deallocated',
};

export const armError = (status, code, message, extra = {}) => ({
  status,
  body: { error: { code, message, ...extra } },
});

const vmId = (v) =>
  `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${v.name}`;

export function instanceView(v) {
  const time = new Date(v.since).toISOString();
  return {
    computerName: v.name,
    osName: v.osType === 'Linux' ? 'ubuntu' : 'Windows Server 2022 Datacenter Azure Edition',
    osVersion: v.osType === 'Linux' ? '22.04' : '10.0.20348',
    hyperVGeneration: 'V2',
    disks: [
      {
        name: `${v.name}_OsDisk_1`,
        statuses: [
          {
            code: 'ProvisioningState/succeeded',
            level: 'Info',
            displayStatus: 'Provisioning succeeded',
            time,
          },
        ],
      },
    ],
    statuses: [
      {
        code: `ProvisioningState/${v.provisioning.toLowerCase()}`,
        level: 'Info',
        displayStatus: v.provisioning === 'Succeeded' ? 'Provisioning succeeded' : 'Updating',
        time,
      },
      { code: `PowerState/${v.power}`, level: 'Info', displayStatus: DISPLAY[v.power] },
    ],
  };
}

export function vmResource(v, { expand = false } = {}) {
  const id = vmId(v);
  const rgId = `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}`;
  return {
    name: v.name,
    id,
    type: 'Microsoft.Compute/virtualMachines',
    location: v.location,
    tags: { ...v.tags },
    zones: [v.zone],
    properties: {
      vmId: v.vmId,
      hardwareProfile: { vmSize: v.size },
      storageProfile: {
        imageReference: imageFor(v.osType),
        osDisk: {
          osType: v.osType,
          name: `${v.name}_OsDisk_1`,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: {
            storageAccountType: 'Premium_LRS',
            id: `${rgId}/providers/Microsoft.Compute/disks/${v.name}_OsDisk_1`,
          },
          deleteOption: 'Delete',
          diskSizeGB: v.osType === 'Linux' ? 30 : 127,
        },
        dataDisks: Array.from({ length: v.dataDisks }, (_, lun) => ({
          lun,
          name: `${v.name}_DataDisk_${lun}`,
          createOption: 'Empty',
          caching: 'None',
          managedDisk: {
            storageAccountType: 'Premium_LRS',
            id: `${rgId}/providers/Microsoft.Compute/disks/${v.name}_DataDisk_${lun}`,
          },
          deleteOption: 'Detach',
          diskSizeGB: 128,
          toBeDetached: false,
        })),
      },
      osProfile: {
        computerName: v.name,
        adminUsername: 'azureuser',
        ...(v.osType === 'Linux'
          ? { linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true } }
          : { windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true } }),
        secrets: [],
        allowExtensionOperations: true,
      },
      networkProfile: {
        networkInterfaces: [
          {
            id: `${rgId}/providers/Microsoft.Network/networkInterfaces/${v.name}-nic`,
            properties: { primary: true, deleteOption: 'Delete' },
          },
        ],
      },
      provisioningState: v.provisioning,
      timeCreated: new Date(v.created).toISOString(),
      ...(expand ? { instanceView: instanceView(v) } : {}),
    },
  };
}

function vmssResource(v) {
  return {
    name: v.name,
    id: `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${v.name}`,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: v.location,
    tags: { ...v.tags },
    sku: { name: v.size, tier: 'Standard', capacity: v.capacity },
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: 'Uniform',
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: {
        storageProfile: {
          imageReference: imageFor(v.osType),
          osDisk: {
            osType: v.osType,
            createOption: 'FromImage',
            caching: 'ReadWrite',
            managedDisk: { storageAccountType: 'Premium_LRS' },
          },
        },
        osProfile: { computerNamePrefix: v.name.slice(0, 9), adminUsername: 'azureuser' },
      },
      provisioningState: v.provisioning,
      overprovision: false,
      uniqueId: v.uniqueId,
      timeCreated: new Date(v.created).toISOString(),
    },
  };
}

/** One page of `items` starting at $skiptoken, with an absolute nextLink. */
function page(items, url, pageSize) {
  const start = Number(url.searchParams.get('$skiptoken') ?? 0) || 0;
  const value = items.slice(start, start + pageSize);
  const body = { value };
  if (start + pageSize < items.length) {
    const next = new URL(url);
    next.searchParams.set('$skiptoken', String(start + pageSize));
    body.nextLink = next.toString();
  }
  return { status: 200, body };
}

// POST actions answer 202 with both headers; PATCH answers 200 with the resource and
// Azure-AsyncOperation only, so the client GETs the resource itself when done.
function lroAccepted(op, baseUrl, state, { status = 202, body } = {}) {
  const opUrl = `${baseUrl}/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.location}/operations/${op.id}?p=${op.id}&api-version=2024-11-01`;
  return {
    status,
    body,
    headers: {
      'azure-asyncoperation': opUrl,
      ...(status === 202 ? { location: `${opUrl}&monitor=true` } : {}),
      'retry-after': String(state.config.lroRetryAfterSeconds),
      'azure-asyncnotification': 'Enabled',
    },
  };
}

function operationStatus(op, url, state) {
  const done = op.done();
  if (done && !op.endTime) op.endTime = new Date();
  if (url.searchParams.get('monitor') === 'true') {
    // The Location header: 202 while running, 200 with no body once done.
    return done
      ? { status: 200 }
      : { status: 202, headers: { 'retry-after': String(state.config.lroRetryAfterSeconds) } };
  }
  return {
    status: 200,
    headers: done ? {} : { 'retry-after': String(state.config.lroRetryAfterSeconds) },
    body: {
      startTime: op.startTime.toISOString(),
      ...(done ? { endTime: op.endTime.toISOString() } : {}),
      status: done ? 'Succeeded' : 'InProgress',
      name: op.id,
    },
  };
}

/**
 * Handles one ARM request after authentication. `segs` are the path segments
 * (original case); `claims` the token's claims. Returns {status, body, headers}, or a
 * promise of it (Microsoft.Storage asks Azurite for containers).
 */
export function handleArm({ method, url, segs, body, claims, state, baseUrl }) {
  const lower = segs.map((x) => x.toLowerCase());
  const is = (...pattern) =>
    pattern.length === lower.length && pattern.every((p, i) => p === '*' || p === lower[i]);

  if (is('subscriptions') && method === 'GET') {
    const visible = SUBSCRIPTIONS.filter((x) => canSee(claims, x.subscriptionId));
    return page(visible.map(subscriptionResource), url, state.config.pageSize);
  }
  if (lower[0] !== 'subscriptions') return notFoundRoute(method, url);

  // Metrics: {resourceUri}/providers/Microsoft.Insights/metrics
  const insights = lower.lastIndexOf('microsoft.insights');
  if (insights > 0 && lower[insights + 1] === 'metrics' && lower[insights - 1] === 'providers') {
    const access = checkSubscription(segs[1], claims, state);
    if (access) return access;
    const target = segs.slice(0, insights - 1);
    const t = target.map((x) => x.toLowerCase());
    if (t.length !== 8 || t[5] !== 'microsoft.compute' || t[6] !== 'virtualmachines') {
      return armError(
        400,
        'BadRequest',
        'The sandbox serves metrics for Microsoft.Compute/virtualMachines only.',
      );
    }
    const vm = state.vm(segs[1], segs[3], segs[7]);
    if (!vm)
      return resourceNotFound(
        'Microsoft.Compute/virtualMachines',
        segs[7],
        segs[3],
        state,
        segs[1],
      );
    const r = vmMetrics(vm, url.searchParams, { seededAt: state.seededAt, resourceId: vmId(vm) });
    return r.error
      ? armError(r.error.status, r.error.code, r.error.message)
      : { status: 200, body: r.body };
  }

  const subId = segs[1];
  const denied = checkSubscription(subId, claims, state);
  if (denied) return denied;
  const sub = state.subscription(subId);

  if (is('subscriptions', '*') && method === 'GET')
    return { status: 200, body: subscriptionResource(sub) };
  if (is('subscriptions', '*', 'resourcegroups') && method === 'GET') {
    return page(
      sub.groups.map((g) => groupResource(sub, g)),
      url,
      state.config.pageSize,
    );
  }
  const storage = (rg) =>
    handleStorage({
      method,
      url,
      segs,
      lower,
      sub,
      rg,
      body,
      state,
      page: (items, size) => page(items, url, size ?? state.config.pageSize),
    }).then((r) => r ?? notFoundRoute(method, url));
  const cost = (rg) =>
    handleCost({ method, url, segs, lower, sub, rg, body, state, baseUrl }) ??
    notFoundRoute(method, url);
  if (lower[2] === 'providers' && lower[3] === 'microsoft.storage') return storage();
  if (lower[2] === 'providers' && lower[3] === 'microsoft.costmanagement') return cost();
  if (lower[2] === 'providers' && lower[3] === 'microsoft.compute') {
    if (
      is('subscriptions', '*', 'providers', 'microsoft.compute', 'virtualmachines') &&
      method === 'GET'
    ) {
      const statusOnly = url.searchParams.get('statusOnly') === 'true';
      return page(
        state.vmList(sub.subscriptionId).map((v) => vmResource(v, { expand: statusOnly })),
        url,
        state.config.pageSize,
      );
    }
    if (
      is('subscriptions', '*', 'providers', 'microsoft.compute', 'virtualmachinescalesets') &&
      method === 'GET'
    ) {
      return page(
        state.scaleSetList(sub.subscriptionId).map(vmssResource),
        url,
        state.config.pageSize,
      );
    }
    if (
      is(
        'subscriptions',
        '*',
        'providers',
        'microsoft.compute',
        'locations',
        '*',
        'virtualmachines',
      ) &&
      method === 'GET'
    ) {
      const loc = lower[5];
      return page(
        state
          .vmList(sub.subscriptionId)
          .filter((v) => v.location === loc)
          .map((v) => vmResource(v)),
        url,
        state.config.pageSize,
      );
    }
    if (
      is('subscriptions', '*', 'providers', 'microsoft.compute', 'locations', '*', 'vmsizes') &&
      method === 'GET'
    ) {
      return { status: 200, body: { value: listSizes() } };
    }
    if (
      is(
        'subscriptions',
        '*',
        'providers',
        'microsoft.compute',
        'locations',
        '*',
        'operations',
        '*',
      ) &&
      method === 'GET'
    ) {
      const op = state.operations.get(segs[7]);
      if (!op) return armError(404, 'NotFound', `The operation '${segs[7]}' could not be found.`);
      return operationStatus(op, url, state);
    }
    return notFoundRoute(method, url);
  }
  if (lower[2] !== 'resourcegroups' || lower.length < 4) return notFoundRoute(method, url);
  const group = state.group(sub, segs[3]);
  if (!group)
    return armError(
      404,
      'ResourceGroupNotFound',
      `Resource group '${segs[3]}' could not be found.`,
    );
  const rg = group[0];
  if (is('subscriptions', '*', 'resourcegroups', '*') && method === 'GET') {
    return { status: 200, body: groupResource(sub, group) };
  }
  if (lower[4] === 'providers' && lower[5] === 'microsoft.storage') return storage(rg);
  if (lower[4] === 'providers' && lower[5] === 'microsoft.costmanagement') return cost(rg);
  if (lower[4] !== 'providers' || lower[5] !== 'microsoft.compute')
    return notFoundRoute(method, url);

  if (lower[6] === 'virtualmachines') {
    if (lower.length === 7 && method === 'GET') {
      return page(
        state.vmList(sub.subscriptionId, rg).map((v) => vmResource(v)),
        url,
        state.config.pageSize,
      );
    }
    const vm = state.vm(sub.subscriptionId, rg, segs[7]);
    if (!vm)
      return resourceNotFound(
        'Microsoft.Compute/virtualMachines',
        segs[7],
        rg,
        state,
        sub.subscriptionId,
      );
    const action = lower[8];
    if (lower.length === 8 && method === 'GET') {
      return {
        status: 200,
        body: vmResource(vm, { expand: url.searchParams.get('$expand') === 'instanceView' }),
      };
    }
    if (lower.length === 8 && method === 'PATCH') return patchVm(vm, body, url, state, baseUrl);
    if (lower.length === 9 && method === 'GET' && action === 'instanceview')
      return { status: 200, body: instanceView(vm) };
    if (lower.length === 9 && method === 'GET' && action === 'vmsizes') {
      return { status: 200, body: { value: state.availableSizes(vm) } };
    }
    const actions = {
      start: 'start',
      poweroff: 'powerOff',
      deallocate: 'deallocate',
      restart: 'restart',
    };
    if (lower.length === 9 && method === 'POST' && actions[action]) {
      const op = state.beginPower(vm, actions[action]);
      if (op.code) return armError(op.status, op.code, op.message);
      return lroAccepted(op, baseUrl, state);
    }
    return notFoundRoute(method, url);
  }
  if (lower[6] === 'virtualmachinescalesets') {
    if (lower.length === 7 && method === 'GET') {
      return page(
        state.scaleSetList(sub.subscriptionId, rg).map(vmssResource),
        url,
        state.config.pageSize,
      );
    }
    const vmss = state.scaleSet(sub.subscriptionId, rg, segs[7]);
    if (!vmss)
      return resourceNotFound(
        'Microsoft.Compute/virtualMachineScaleSets',
        segs[7],
        rg,
        state,
        sub.subscriptionId,
      );
    if (lower.length === 8 && method === 'GET') return { status: 200, body: vmssResource(vmss) };
    if (lower.length === 8 && method === 'PATCH') {
      const capacity = body?.sku?.capacity;
      if (
        capacity !== undefined &&
        (!Number.isInteger(capacity) || capacity < 0 || capacity > 1000)
      ) {
        return armError(
          400,
          'InvalidParameter',
          `The value ${capacity} of parameter 'sku.capacity' is out of range. The value must be between 0 and 1000, inclusive.`,
          { target: 'sku.capacity' },
        );
      }
      if (body?.tags) vmss.tags = { ...body.tags };
      const op =
        capacity === undefined
          ? state.newOperation(vmss.location, vmss.subscriptionId, () => true)
          : state.setCapacity(vmss, capacity);
      return lroAccepted(op, baseUrl, state, { status: 200, body: vmssResource(vmss) });
    }
    return notFoundRoute(method, url);
  }
  return notFoundRoute(method, url);
}

function patchVm(vm, body, url, state, baseUrl) {
  if (!body || typeof body !== 'object') {
    return armError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized.',
    );
  }
  const size = body.properties?.hardwareProfile?.vmSize;
  let op;
  if (size !== undefined) {
    op = state.resize(vm, size);
    if (op.code)
      return armError(op.status, op.code, op.message, op.target ? { target: op.target } : {});
  } else {
    op = state.newOperation(vm.location, vm.subscriptionId, () => true);
  }
  if (body.tags && typeof body.tags === 'object') vm.tags = { ...body.tags };
  return lroAccepted(op, baseUrl, state, { status: 200, body: vmResource(vm) });
}

const canSee = (claims, subscriptionId) => {
  const client = CLIENTS.find((c) => c.clientId === claims.appid);
  return (
    !!client && (client.subscriptions === 'all' || client.subscriptions.includes(subscriptionId))
  );
};

function checkSubscription(subId, claims, state) {
  const sub = state.subscription(subId);
  if (!sub)
    return armError(404, 'SubscriptionNotFound', `The subscription '${subId}' could not be found.`);
  if (!canSee(claims, sub.subscriptionId)) {
    return armError(
      403,
      'AuthorizationFailed',
      `The client '${claims.appid}' with object id '${claims.oid}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/read' over scope '/subscriptions/${subId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  }
  return null;
}

function resourceNotFound(type, name, rg) {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

function notFoundRoute(method, url) {
  return armError(
    404,
    'NoRegisteredProviderFound',
    `The sandbox does not serve ${method} ${url.pathname}.`,
  );
}

const subscriptionResource = (s) => ({
  id: `/subscriptions/${s.subscriptionId}`,
  subscriptionId: s.subscriptionId,
  tenantId: TENANT_ID,
  displayName: s.displayName,
  state: 'Enabled',
  subscriptionPolicies: {
    locationPlacementId: 'Public_2014-09-01',
    quotaId: 'PayAsYouGo_2014-09-01',
    spendingLimit: 'Off',
  },
  authorizationSource: 'RoleBased',
  managedByTenants: [],
});

const groupResource = (sub, [name, location, env]) => ({
  id: `/subscriptions/${sub.subscriptionId}/resourceGroups/${name}`,
  name,
  type: 'Microsoft.Resources/resourceGroups',
  location,
  tags: { env },
  properties: { provisioningState: 'Succeeded' },
});
