// Microsoft.Storage: storage accounts, their keys, blob service properties and
// blob containers. Accounts and their settings live in the sandbox's state; the
// containers live in Azurite (the blob data plane), which the sandbox asks with the
// account's key on every container request, so a container made through the data
// plane shows up here with Azurite's public access level.
import { createHmac } from 'node:crypto';

import { armError } from './arm.mjs';

const RP = 'Microsoft.Storage';
const TLS_VERSIONS = ['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3'];
// Blob service properties the sandbox keeps (and reports back as set).
const BLOB_SERVICE_PROPERTIES = [
  'cors',
  'defaultServiceVersion',
  'deleteRetentionPolicy',
  'isVersioningEnabled',
  'automaticSnapshotPolicyEnabled',
  'changeFeed',
  'restorePolicy',
  'containerDeleteRetentionPolicy',
  'lastAccessTimeTrackingPolicy',
];
const PUBLIC_ACCESS = { container: 'Container', blob: 'Blob' };

export const storageAccountId = (a) =>
  `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/${RP}/storageAccounts/${a.name}`;

export const blobEndpoint = (a, port) => `http://127.0.0.1:${port}/${a.name}/`;

const SKU_TIER = (sku) => (sku.startsWith('Premium') ? 'Premium' : 'Standard');

export function storageAccountResource(a, state) {
  const created = new Date(a.created).toISOString();
  const encrypted = { enabled: true, keyType: 'Account', lastEnabledTime: created };
  return {
    sku: { name: a.sku, tier: SKU_TIER(a.sku) },
    kind: a.kind,
    id: storageAccountId(a),
    name: a.name,
    type: `${RP}/storageAccounts`,
    location: a.location,
    tags: { ...a.tags },
    properties: {
      keyCreationTime: { key1: created, key2: created },
      allowCrossTenantReplication: false,
      minimumTlsVersion: a.minimumTlsVersion,
      allowBlobPublicAccess: a.allowBlobPublicAccess,
      allowSharedKeyAccess: true,
      publicNetworkAccess: 'Enabled',
      isHnsEnabled: false,
      networkAcls: {
        bypass: 'AzureServices',
        virtualNetworkRules: [],
        ipRules: [],
        defaultAction: 'Allow',
      },
      supportsHttpsTrafficOnly: a.enableHttpsTrafficOnly,
      encryption: {
        requireInfrastructureEncryption: a.requireInfrastructureEncryption,
        services: { blob: { ...encrypted }, file: { ...encrypted } },
        keySource: 'Microsoft.Storage',
      },
      accessTier: a.accessTier,
      provisioningState: 'Succeeded',
      creationTime: created,
      // Only the blob endpoint: Azurite serves blobs only here (no queue, table, file, dfs).
      primaryEndpoints: { blob: blobEndpoint(a, state.config.azuriteBlobPort) },
      primaryLocation: a.location,
      statusOfPrimary: 'available',
    },
  };
}

function blobServiceResource(a) {
  return {
    sku: { name: a.sku, tier: SKU_TIER(a.sku) },
    id: `${storageAccountId(a)}/blobServices/default`,
    name: 'default',
    type: `${RP}/storageAccounts/blobServices`,
    properties: { cors: { corsRules: [] }, ...structuredClone(a.blobService) },
  };
}

const accountNotFound = (name) =>
  armError(404, 'StorageAccountNotFound', `The storage account ${name} was not found.`);
const resourceNotFound = (name, rg) =>
  armError(
    404,
    'ResourceNotFound',
    `The Resource '${RP}/storageAccounts/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
const invalidValue = (target, message) =>
  armError(400, 'InvalidValuesForRequestParameters', message, { target });

/**
 * Storage routes after the subscription (and group, when there is one) were checked.
 * `lower` are the path segments in lower case; `page(items)` pages like compute.
 */
export async function handleStorage({ method, url, segs, lower, sub, rg, body, state, page }) {
  const accountsAt = rg ? 6 : 4; // where 'storageAccounts' is in the path
  if (lower[accountsAt] !== 'storageaccounts') return null;
  if (lower.length === accountsAt + 1 && method === 'GET') {
    return page(
      state.storageAccountList(sub.subscriptionId, rg).map((a) => storageAccountResource(a, state)),
    );
  }
  if (!rg) return null;
  const name = segs[7];
  const a = state.storageAccount(sub.subscriptionId, rg, name);
  const rest = lower.slice(8);
  const at = (...pattern) =>
    pattern.length === rest.length && pattern.every((p, i) => p === rest[i]);

  if (at()) {
    if (!['GET', 'PATCH'].includes(method)) return null;
    if (!a) return resourceNotFound(name, rg);
    if (method === 'GET') return { status: 200, body: storageAccountResource(a, state) };
    return patchAccount(a, body, state);
  }
  if (!a) return accountNotFound(name);
  if (at('listkeys') && method === 'POST') {
    const creationTime = new Date(a.created).toISOString();
    return {
      status: 200,
      body: {
        keys: ['key1', 'key2'].map((keyName) => ({
          creationTime,
          keyName,
          value: a.keys[keyName],
          permissions: 'FULL',
        })),
      },
    };
  }
  if (at('blobservices') && method === 'GET')
    return { status: 200, body: { value: [blobServiceResource(a)] } };
  if (at('blobservices', 'default') && method === 'GET')
    return { status: 200, body: blobServiceResource(a) };
  if (at('blobservices', 'default') && method === 'PUT') return putBlobService(a, body);
  if (at('blobservices', 'default', 'containers') && method === 'GET') {
    const listed = await azuriteContainers(a, state.config.azuriteBlobPort);
    if (listed.error) return listed.error;
    const maxPageSize = Number(url.searchParams.get('$maxpagesize')) || undefined;
    return page(
      listed.containers.map((c) => containerResource(a, c)),
      maxPageSize,
    );
  }
  if (at('blobservices', 'default', 'containers', rest[3]) && method === 'GET') {
    const listed = await azuriteContainers(a, state.config.azuriteBlobPort, segs[11]);
    if (listed.error) return listed.error;
    const c = listed.containers.find((x) => x.name === segs[11]);
    if (!c) return armError(404, 'ContainerNotFound', 'The specified container does not exist.');
    return { status: 200, body: containerResource(a, c) };
  }
  return null;
}

function patchAccount(a, body, state) {
  if (!body || typeof body !== 'object') {
    return armError(400, 'InvalidRequestContent', 'The request content was invalid.');
  }
  const properties = body.properties ?? {};
  const supported = ['allowBlobPublicAccess', 'minimumTlsVersion', 'supportsHttpsTrafficOnly'];
  const unsupported = [
    ...Object.keys(body).filter((k) => !['properties', 'tags'].includes(k)),
    ...Object.keys(properties)
      .filter((k) => !supported.includes(k))
      .map((k) => `properties.${k}`),
  ];
  if (unsupported.length) {
    return armError(
      400,
      'BadRequest',
      `The sandbox updates only tags, properties.allowBlobPublicAccess, properties.minimumTlsVersion and properties.supportsHttpsTrafficOnly, not ${unsupported.join(', ')}.`,
    );
  }
  for (const k of ['allowBlobPublicAccess', 'supportsHttpsTrafficOnly']) {
    if (properties[k] !== undefined && typeof properties[k] !== 'boolean')
      return invalidValue(k, `Value for ${k} must be a boolean.`);
  }
  const tls = properties.minimumTlsVersion;
  if (tls !== undefined && !TLS_VERSIONS.includes(tls)) {
    return invalidValue(
      'minimumTlsVersion',
      `Values for request parameters are invalid: minimumTlsVersion. The value '${tls}' is not one of ${TLS_VERSIONS.join(', ')}.`,
    );
  }
  if (body.tags !== undefined) {
    if (!body.tags || typeof body.tags !== 'object')
      return invalidValue('tags', 'tags must be an object.');
    a.tags = { ...body.tags };
  }
  if (properties.allowBlobPublicAccess !== undefined)
    a.allowBlobPublicAccess = properties.allowBlobPublicAccess;
  if (properties.supportsHttpsTrafficOnly !== undefined)
    a.enableHttpsTrafficOnly = properties.supportsHttpsTrafficOnly;
  if (tls !== undefined) a.minimumTlsVersion = tls;
  return { status: 200, body: storageAccountResource(a, state) };
}

function checkRetention(policy, target) {
  if (policy === undefined) return null;
  if (!policy || typeof policy.enabled !== 'boolean')
    return invalidValue(target, `${target}.enabled must be a boolean.`);
  if (policy.enabled && (!Number.isInteger(policy.days) || policy.days < 1 || policy.days > 365)) {
    return invalidValue(
      target,
      `Values for request parameters are invalid: ${target}.days. The value must be between 1 and 365 when the policy is enabled.`,
    );
  }
  return null;
}

function putBlobService(a, body) {
  const properties = body?.properties;
  if (!properties || typeof properties !== 'object') {
    return armError(
      400,
      'InvalidRequestContent',
      'The request content was invalid: no properties.',
    );
  }
  const unknown = Object.keys(properties).filter((k) => !BLOB_SERVICE_PROPERTIES.includes(k));
  if (unknown.length) {
    return armError(400, 'BadRequest', `Unknown blob service properties: ${unknown.join(', ')}.`);
  }
  if (
    properties.isVersioningEnabled !== undefined &&
    typeof properties.isVersioningEnabled !== 'boolean'
  ) {
    return invalidValue('isVersioningEnabled', 'isVersioningEnabled must be a boolean.');
  }
  const bad =
    checkRetention(properties.deleteRetentionPolicy, 'deleteRetentionPolicy') ??
    checkRetention(properties.containerDeleteRetentionPolicy, 'containerDeleteRetentionPolicy');
  if (bad) return bad;
  // Properties the request leaves out keep their values, as the service does.
  for (const k of Object.keys(properties)) {
    if (properties[k] !== undefined) a.blobService[k] = structuredClone(properties[k]);
  }
  return { status: 200, body: blobServiceResource(a) };
}

function containerResource(a, c) {
  return {
    id: `${storageAccountId(a)}/blobServices/default/containers/${c.name}`,
    name: c.name,
    type: `${RP}/storageAccounts/blobServices/containers`,
    etag: c.etag,
    properties: {
      publicAccess: c.publicAccess,
      leaseStatus: c.leaseStatus,
      leaseState: c.leaseState,
      lastModifiedTime: c.lastModified,
      hasImmutabilityPolicy: c.hasImmutabilityPolicy,
      hasLegalHold: c.hasLegalHold,
      deleted: false,
      remainingRetentionDays: 0,
      defaultEncryptionScope: '$account-encryption-key',
      denyEncryptionScopeOverride: false,
      ...(c.metadata ? { metadata: c.metadata } : {}),
    },
  };
}

// ---- Azurite: List Containers with Shared Key, as @azure/storage-blob signs it. ----

const capitalise = (s) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s);

/** Shared Key authorization for a GET to Azurite's path-style URL. */
export function sharedKeyHeaders(account, key, url) {
  const headers = { 'x-ms-date': new Date().toUTCString(), 'x-ms-version': '2025-01-05' };
  const canonicalHeaders = Object.keys(headers)
    .sort()
    .map((h) => `${h}:${headers[h]}\n`)
    .join('');
  const params = [...url.searchParams.keys()].map((k) => k.toLowerCase()).sort();
  const canonicalResource =
    `/${account}${url.pathname}` +
    [...new Set(params)]
      .map((k) => `\n${k}:${url.searchParams.getAll(k).sort().join(',')}`)
      .join('');
  const stringToSign = `GET\n\n\n\n\n\n\n\n\n\n\n\n${canonicalHeaders}${canonicalResource}`;
  const signature = createHmac('sha256', Buffer.from(key, 'base64'))
    .update(stringToSign, 'utf8')
    .digest('base64');
  return { ...headers, authorization: `SharedKey ${account}:${signature}` };
}

const tag = (xml, name) => {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? decodeXml(m[1]) : undefined;
};
const decodeXml = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Parses one page of List Containers XML. */
export function parseContainerList(xml) {
  const containers = [];
  for (const [, body] of xml.matchAll(/<Container>([\s\S]*?)<\/Container>/g)) {
    const metadataXml = /<Metadata>([\s\S]*?)<\/Metadata>/.exec(body)?.[1];
    const metadata = metadataXml
      ? Object.fromEntries(
          [...metadataXml.matchAll(/<([^/>\s]+)>([^<]*)<\/\1>/g)].map(([, k, v]) => [
            k,
            decodeXml(v),
          ]),
        )
      : undefined;
    const lastModified = tag(body, 'Last-Modified');
    containers.push({
      name: tag(body, 'Name'),
      etag: tag(body, 'Etag'),
      lastModified: lastModified ? new Date(lastModified).toISOString() : undefined,
      publicAccess: PUBLIC_ACCESS[tag(body, 'PublicAccess')] ?? 'None',
      leaseStatus: capitalise(tag(body, 'LeaseStatus') ?? 'unlocked'),
      leaseState: capitalise(tag(body, 'LeaseState') ?? 'available'),
      hasImmutabilityPolicy: tag(body, 'HasImmutabilityPolicy') === 'true',
      hasLegalHold: tag(body, 'HasLegalHold') === 'true',
      metadata: metadata && Object.keys(metadata).length ? metadata : undefined,
    });
  }
  return { containers, nextMarker: tag(xml, 'NextMarker') || undefined };
}

/**
 * Every container of the account in Azurite (all List Containers pages), or
 * `{error}`: an ARM error when Azurite cannot be reached or refuses the account.
 */
export async function azuriteContainers(a, port, prefix) {
  const containers = [];
  let marker;
  do {
    const url = new URL(`http://127.0.0.1:${port}/${a.name}`);
    url.searchParams.set('comp', 'list');
    url.searchParams.set('include', 'metadata');
    if (prefix) url.searchParams.set('prefix', prefix);
    if (marker) url.searchParams.set('marker', marker);
    let res;
    try {
      res = await fetch(url, {
        headers: sharedKeyHeaders(a.name, a.keys.key1, url),
        signal: AbortSignal.timeout(5000),
      });
    } catch (err) {
      return {
        error: armError(
          503,
          'ServiceUnavailable',
          `The sandbox could not reach Azurite, the blob data plane, at http://127.0.0.1:${port} (${err.cause?.code ?? err.message}). Start it with tools/infra/up.sh azurite.`,
        ),
      };
    }
    const text = await res.text();
    if (res.status !== 200) {
      return {
        error: armError(
          503,
          'ServiceUnavailable',
          `Azurite at http://127.0.0.1:${port} refused to list the containers of ${a.name}: ${res.status} ${tag(text, 'Code') ?? ''}. Is it running with the estate's AZURITE_ACCOUNTS (tools/infra/servers/azurite.sh)?`,
        ),
      };
    }
    const parsed = parseContainerList(text);
    containers.push(...parsed.containers);
    marker = parsed.nextMarker;
  } while (marker);
  return { containers };
}
