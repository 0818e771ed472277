// What the GCS front keeps that fake-gcs-server does not: per bucket, the
// configuration fields fake-gcs drops (iamConfiguration, encryption, logging,
// lifecycle, labels, retention and soft-delete policies, the storage class and
// location given at insert) and the bucket's IAM policy. In memory only; a
// bucket the front has not seen (made straight on fake-gcs, or before a
// restart) gets the defaults the first time it is read.

/** Bucket fields the front owns and merges into fake-gcs's bucket resources. */
export const OWNED_FIELDS = [
  'iamConfiguration',
  'encryption',
  'logging',
  'lifecycle',
  'labels',
  'retentionPolicy',
  'softDeletePolicy',
  'storageClass',
  // Kept verbatim: fake-gcs drops them too and they cost nothing to hold.
  'cors',
  'website',
  'billing',
  'autoclass',
  'rpo',
];

const STORAGE_CLASSES = new Set([
  'STANDARD',
  'NEARLINE',
  'COLDLINE',
  'ARCHIVE',
  'MULTI_REGIONAL',
  'REGIONAL',
  'DURABLE_REDUCED_AVAILABILITY',
]);
const MULTI_REGIONS = new Set(['US', 'EU', 'ASIA']);
const DUAL_REGIONS = new Set(['NAM4', 'EUR4', 'EUR5', 'EUR7', 'EUR8', 'ASIA1']);
const PUBLIC_MEMBERS = new Set(['allUsers', 'allAuthenticatedUsers']);
const MEMBER_PREFIXES = [
  'user:',
  'serviceAccount:',
  'group:',
  'domain:',
  'projectOwner:',
  'projectEditor:',
  'projectViewer:',
  'principal://',
  'principalSet://',
  'deleted:',
];
// Uniform bucket-level access can be turned off again for 90 days after it is turned on.
const UBLA_LOCK_MS = 90 * 24 * 3600 * 1000;
const DEFAULT_SOFT_DELETE_SECONDS = '604800';

/** A Cloud Storage JSON API error (the shape every GCS client parses). */
export class GcsError extends Error {
  constructor(code, reason, message, extra = {}) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.extra = extra;
  }
  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        errors: [{ domain: 'global', reason: this.reason, message: this.message, ...this.extra }],
      },
    };
  }
}

const invalid = (message) => new GcsError(400, 'invalid', message);
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const clone = (value) => (value === undefined ? undefined : structuredClone(value));

/** RFC 7396 merge patch, as the JSON API's PATCH applies it: null removes, objects merge, the rest replaces. */
export function mergePatch(target, patch) {
  if (!isObject(patch)) return clone(patch);
  const out = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** The protobuf-ish etag real GCS hands out for policies ("CAE=" for version 1). */
function policyEtag(counter) {
  const bytes = [0x08];
  let n = counter;
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes).toString('base64');
}

function normalizeLocation(location) {
  const upper = String(location).toUpperCase();
  const locationType = MULTI_REGIONS.has(upper)
    ? 'multi-region'
    : DUAL_REGIONS.has(upper) || upper.includes('+')
      ? 'dual-region'
      : 'region';
  return { location: upper, locationType };
}

function checkStorageClass(value) {
  const upper = String(value).toUpperCase();
  if (!STORAGE_CLASSES.has(upper)) throw invalid(`Invalid storage class: ${value}`);
  return upper;
}

/** Normalizes iamConfiguration the way GCS reports it (bucketPolicyOnly mirrors uniformBucketLevelAccess). */
function normalizeIamConfiguration(config, previous, now) {
  const c = isObject(config) ? config : {};
  const ubla = c.uniformBucketLevelAccess ?? c.bucketPolicyOnly ?? {};
  const enabled = ubla.enabled === true || ubla.enabled === 'true';
  const wasEnabled = previous?.uniformBucketLevelAccess?.enabled === true;
  let pap = c.publicAccessPrevention ?? 'inherited';
  if (pap === 'unspecified') pap = 'inherited';
  if (pap !== 'inherited' && pap !== 'enforced') {
    throw invalid(`Invalid value for publicAccessPrevention: ${pap}`);
  }
  const access = { enabled };
  if (enabled) {
    access.lockedTime =
      wasEnabled && previous.uniformBucketLevelAccess.lockedTime
        ? previous.uniformBucketLevelAccess.lockedTime
        : new Date(now.getTime() + UBLA_LOCK_MS).toISOString();
  }
  return {
    bucketPolicyOnly: { ...access },
    uniformBucketLevelAccess: { ...access },
    publicAccessPrevention: pap,
  };
}

function normalizeRetention(policy, previous, now) {
  if (!isObject(policy)) return undefined;
  if (previous?.isLocked) {
    if (
      policy.retentionPeriod !== undefined &&
      Number(policy.retentionPeriod) < Number(previous.retentionPeriod)
    ) {
      throw new GcsError(
        403,
        'forbidden',
        'Cannot reduce retention period of a locked retention policy.',
      );
    }
  }
  const retentionPeriod = String(policy.retentionPeriod ?? previous?.retentionPeriod ?? '0');
  if (!/^\d+$/.test(retentionPeriod)) throw invalid(`Invalid retentionPeriod: ${retentionPeriod}`);
  const out = { retentionPeriod, effectiveTime: previous?.effectiveTime ?? now.toISOString() };
  if (previous?.isLocked) out.isLocked = true;
  return out;
}

function normalizeSoftDelete(policy, previous, now) {
  if (!isObject(policy)) return undefined;
  const seconds = String(
    policy.retentionDurationSeconds ?? previous?.retentionDurationSeconds ?? '0',
  );
  if (!/^\d+$/.test(seconds)) throw invalid(`Invalid retentionDurationSeconds: ${seconds}`);
  return { retentionDurationSeconds: seconds, effectiveTime: now.toISOString() };
}

function checkMember(member) {
  if (typeof member !== 'string' || !member) throw invalid('Invalid member: expected a string.');
  if (PUBLIC_MEMBERS.has(member)) return;
  if (
    !MEMBER_PREFIXES.some((prefix) => member.startsWith(prefix) && member.length > prefix.length)
  ) {
    throw invalid(`Invalid argument: member '${member}' is not a valid principal.`);
  }
}

/** Merges bindings of the same role and condition, drops empty ones, sorts members. */
function normalizeBindings(bindings) {
  if (bindings === undefined) return [];
  if (!Array.isArray(bindings)) throw invalid('Invalid argument: bindings must be a list.');
  const grouped = new Map();
  for (const binding of bindings) {
    if (!isObject(binding) || typeof binding.role !== 'string' || !binding.role) {
      throw invalid('Invalid argument: every binding needs a role.');
    }
    if (!/^(roles\/|projects\/[^/]+\/roles\/|organizations\/[^/]+\/roles\/)/.test(binding.role)) {
      throw invalid(`Invalid argument: role '${binding.role}' is not a role name.`);
    }
    const members = binding.members ?? [];
    if (!Array.isArray(members)) throw invalid('Invalid argument: members must be a list.');
    members.forEach(checkMember);
    if (binding.condition !== undefined) {
      if (!isObject(binding.condition) || typeof binding.condition.expression !== 'string') {
        throw invalid('Invalid argument: a condition needs an expression.');
      }
    }
    const key = JSON.stringify([binding.role, binding.condition ?? null]);
    const entry = grouped.get(key) ?? {
      role: binding.role,
      members: new Set(),
      condition: binding.condition,
    };
    members.forEach((member) => entry.members.add(member));
    grouped.set(key, entry);
  }
  return [...grouped.values()]
    .filter((entry) => entry.members.size > 0)
    .map(({ role, members, condition }) => ({
      role,
      members: [...members].sort(),
      ...(condition ? { condition: clone(condition) } : {}),
    }));
}

export function createState({ defaultProject }) {
  const buckets = new Map();

  function defaultBindings(project, ubla) {
    const bindings = [
      {
        role: 'roles/storage.legacyBucketOwner',
        members: [`projectEditor:${project}`, `projectOwner:${project}`],
      },
      { role: 'roles/storage.legacyBucketReader', members: [`projectViewer:${project}`] },
    ];
    if (ubla) {
      bindings.push(
        {
          role: 'roles/storage.legacyObjectOwner',
          members: [`projectEditor:${project}`, `projectOwner:${project}`],
        },
        { role: 'roles/storage.legacyObjectReader', members: [`projectViewer:${project}`] },
      );
    }
    return bindings;
  }

  function fresh(name, { project, timeCreated } = {}) {
    const now = new Date();
    const created = timeCreated ? new Date(timeCreated) : now;
    const proj = project || defaultProject;
    return {
      name,
      project: proj,
      fields: {
        iamConfiguration: normalizeIamConfiguration(undefined, undefined, now),
        softDeletePolicy: {
          retentionDurationSeconds: DEFAULT_SOFT_DELETE_SECONDS,
          effectiveTime: created.toISOString(),
        },
      },
      location: undefined,
      updated: undefined,
      policy: { etagCounter: 1, bindings: defaultBindings(proj, false) },
    };
  }

  /** Applies bucket fields from an insert, patch (merge) or update (replace) body to `entry.fields`. */
  function applyFields(entry, body, mode) {
    const now = new Date();
    const before = entry.fields;
    // bucketPolicyOnly is the old name of uniformBucketLevelAccess; a body that sets only it means it.
    const iam = body.iamConfiguration;
    if (isObject(iam) && iam.bucketPolicyOnly && !iam.uniformBucketLevelAccess) {
      body = {
        ...body,
        iamConfiguration: { ...iam, uniformBucketLevelAccess: iam.bucketPolicyOnly },
      };
    }
    const next = mode === 'update' ? { storageClass: before.storageClass } : { ...before };
    for (const field of OWNED_FIELDS) {
      if (!(field in body)) continue;
      const value = body[field];
      if (value === null) {
        delete next[field];
        continue;
      }
      next[field] = mode === 'patch' ? mergePatch(before[field], value) : clone(value);
    }
    if (next.storageClass !== undefined) next.storageClass = checkStorageClass(next.storageClass);
    const iamChanged = 'iamConfiguration' in body || mode === 'update' || !before.iamConfiguration;
    next.iamConfiguration = iamChanged
      ? normalizeIamConfiguration(next.iamConfiguration, before.iamConfiguration, now)
      : before.iamConfiguration;
    if ('retentionPolicy' in body || mode === 'update') {
      if (before.retentionPolicy?.isLocked && !next.retentionPolicy) {
        throw new GcsError(403, 'forbidden', 'Cannot remove a locked retention policy.');
      }
      next.retentionPolicy = normalizeRetention(next.retentionPolicy, before.retentionPolicy, now);
      if (next.retentionPolicy === undefined) delete next.retentionPolicy;
    }
    if ('softDeletePolicy' in body) {
      next.softDeletePolicy = normalizeSoftDelete(
        next.softDeletePolicy,
        before.softDeletePolicy,
        now,
      );
      if (next.softDeletePolicy === undefined) delete next.softDeletePolicy;
    } else if (mode === 'update') {
      next.softDeletePolicy = before.softDeletePolicy;
    }
    if (next.labels !== undefined) {
      if (!isObject(next.labels)) throw invalid('Invalid argument: labels must be an object.');
      for (const [key, value] of Object.entries(next.labels)) {
        if (typeof value !== 'string')
          throw invalid(`Invalid argument: label '${key}' must be a string.`);
      }
      if (Object.keys(next.labels).length === 0) delete next.labels;
    }
    if (next.encryption !== undefined && !isObject(next.encryption)) {
      throw invalid('Invalid argument: encryption must be an object.');
    }
    if (next.encryption && !next.encryption.defaultKmsKeyName) delete next.encryption;
    return next;
  }

  return {
    /** The entry of a bucket fake-gcs has (from its resource), made with defaults when new to the front. */
    entry(bucketResource) {
      let entry = buckets.get(bucketResource.name);
      if (!entry) {
        entry = fresh(bucketResource.name, { timeCreated: bucketResource.timeCreated });
        buckets.set(bucketResource.name, entry);
      }
      return entry;
    },

    /** Validates an insert body before it goes to fake-gcs; returns the entry to keep once it succeeds. */
    prepareInsert(body, project) {
      if (!isObject(body) || typeof body.name !== 'string') throw invalid('Required: bucket name.');
      const entry = fresh(body.name, { project });
      entry.projectKnown = Boolean(project);
      entry.fields = applyFields(entry, body, 'insert');
      if (body.location !== undefined) {
        Object.assign(entry, normalizeLocation(body.location));
      }
      const ubla = entry.fields.iamConfiguration.uniformBucketLevelAccess.enabled;
      entry.policy.bindings = defaultBindings(entry.project, ubla);
      return entry;
    },
    commitInsert(entry) {
      buckets.set(entry.name, entry);
    },

    /** Validates a patch/update body against the current entry; returns the new fields to commit. */
    prepareChange(entry, body, mode) {
      if (!isObject(body)) throw invalid('Invalid argument: expected a JSON object.');
      return applyFields(entry, body, mode);
    },
    commitChange(entry, fields) {
      entry.fields = fields;
      entry.updated = new Date().toISOString();
    },

    /** A bucket list for `project` leaves out the buckets made through the front under another project. */
    inProject(bucketResource, project) {
      const entry = buckets.get(bucketResource.name);
      return !project || !entry?.projectKnown || entry.project === project;
    },

    forget(name) {
      buckets.delete(name);
    },

    /** fake-gcs's bucket resource with the front's fields merged in. */
    view(bucketResource) {
      const entry = this.entry(bucketResource);
      const out = { ...bucketResource, ...clone(entry.fields) };
      out.storageClass = entry.fields.storageClass ?? bucketResource.storageClass ?? 'STANDARD';
      if (entry.location) {
        out.location = entry.location;
        out.locationType = entry.locationType;
      }
      if (entry.updated) out.updated = entry.updated;
      return out;
    },

    policyView(entry) {
      const bindings = clone(entry.policy.bindings);
      return {
        kind: 'storage#policy',
        resourceId: `projects/_/buckets/${entry.name}`,
        version: bindings.some((binding) => binding.condition) ? 3 : 1,
        etag: policyEtag(entry.policy.etagCounter),
        bindings,
      };
    },

    /** bucket.iam.getPolicy: conditions only come back to a caller that asked for version 3. */
    getPolicy(entry, requestedVersion) {
      const policy = this.policyView(entry);
      if (policy.version === 3 && !(Number(requestedVersion) >= 3)) {
        throw invalid(
          'The requested policy version is lower than 3 but the policy has conditional bindings; request version 3.',
        );
      }
      return policy;
    },

    /** bucket.iam.setPolicy: the etag check, then public access prevention, then the bindings' shape. */
    setPolicy(entry, body) {
      if (!isObject(body)) throw invalid('Invalid argument: expected a policy object.');
      if (body.etag !== undefined && body.etag !== policyEtag(entry.policy.etagCounter)) {
        throw new GcsError(412, 'conditionNotMet', 'Precondition Failed', {
          locationType: 'header',
          location: 'If-Match',
        });
      }
      const bindings = normalizeBindings(body.bindings);
      const publicMember = bindings.some((binding) =>
        binding.members.some((member) => PUBLIC_MEMBERS.has(member)),
      );
      if (publicMember && entry.fields.iamConfiguration.publicAccessPrevention === 'enforced') {
        throw new GcsError(
          412,
          'conditionNotMet',
          'The member bindings allUsers and allAuthenticatedUsers are not allowed since public access prevention is enforced.',
          { locationType: 'header', location: 'If-Match' },
        );
      }
      if (bindings.some((binding) => binding.condition)) {
        if (Number(body.version) !== 3) {
          throw invalid('Invalid argument: a policy with conditions must have version 3.');
        }
        if (!entry.fields.iamConfiguration.uniformBucketLevelAccess.enabled) {
          throw invalid(
            'IAM conditions can only be used on buckets with uniform bucket-level access enabled.',
          );
        }
      }
      entry.policy = { etagCounter: entry.policy.etagCounter + 1, bindings };
      return this.policyView(entry);
    },
  };
}
