import { z } from 'zod';

import type { ActionDefinition, PlanTarget, ResourceTypeActions } from './action-catalogue';

const EXECUTOR = 'great-library';

/** The most objects one action may touch, whatever its maxObjects says. */
export const STORAGE_ACTION_MAX_OBJECTS = 100_000;

const key = z
  .string({ error: 'expected an object key' })
  .min(1, 'expected an object key')
  .refine((text) => Buffer.byteLength(text) <= 1024, 'expected at most 1024 bytes of UTF-8');

const prefix = z
  .string({ error: 'expected a key prefix' })
  .refine((text) => Buffer.byteLength(text) <= 1024, 'expected at most 1024 bytes of UTF-8');

/** Which objects: named keys, or every object under a prefix, never more than maxObjects. */
const selection = {
  keys: z
    .array(key)
    .min(1, 'expected at least 1 key')
    .max(1000, 'expected at most 1000 keys')
    .optional(),
  prefix: prefix.optional(),
  maxObjects: z
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(1, 'expected at least 1')
    .max(STORAGE_ACTION_MAX_OBJECTS, `expected at most ${STORAGE_ACTION_MAX_OBJECTS}`)
    .default(1000)
    .describe('The action is refused, touching nothing, when the selection holds more objects'),
};

const oneSelection = (params: { keys?: string[] | undefined; prefix?: string | undefined }) =>
  (params.keys === undefined) !== (params.prefix === undefined);
const SELECTION_MESSAGE = 'expected either keys or prefix (every object under it), not both';

const storageClass = z
  .string({
    error: 'expected a storage class, as the provider spells it (STANDARD_IA, NEARLINE, Cool)',
  })
  .regex(
    /^[A-Za-z_]{2,32}$/,
    'expected a storage class, as the provider spells it (STANDARD_IA, NEARLINE, Cool)',
  );

const transferParams = z
  .object({
    ...selection,
    destination: z
      .object({
        bucketUrn: z
          .string()
          .regex(/^codex:(aws|gcp|azure):/, 'expected the URN of a bucket or container'),
        prefix: prefix.default(''),
      })
      .strict(),
    storageClass: storageClass
      .optional()
      .describe("The copy's class; the destination's default when absent"),
  })
  .strict()
  .refine(oneSelection, { message: SELECTION_MESSAGE, path: ['keys'] });

const classParams = z
  .object({
    ...selection,
    storageClass,
    fromClass: storageClass.optional().describe('Only objects now in this class'),
    olderThanDays: z
      .number()
      .int('expected a whole number')
      .min(0, 'expected at least 0')
      .max(36_500)
      .optional()
      .describe('Only objects last modified longer ago'),
  })
  .strict()
  .refine(oneSelection, { message: SELECTION_MESSAGE, path: ['keys'] });

const deleteParams = z
  .object({
    ...selection,
    allVersions: z
      .boolean()
      .default(false)
      .describe('In a versioned bucket, also delete every older version (nothing left to restore)'),
  })
  .strict()
  .refine(oneSelection, { message: SELECTION_MESSAGE, path: ['keys'] });

export type StorageTransferParams = z.output<typeof transferParams>;
export type StorageClassParams = z.output<typeof classParams>;
export type StorageDeleteParams = z.output<typeof deleteParams>;

function selected(params: {
  keys?: string[] | undefined;
  prefix?: string | undefined;
  maxObjects: number;
}) {
  return params.keys
    ? `${params.keys.length} named object${params.keys.length === 1 ? '' : 's'}`
    : `every object under '${params.prefix ?? ''}' (refused if more than ${params.maxObjects})`;
}

function transfer(move: boolean): ActionDefinition<typeof transferParams> {
  return {
    summary: move
      ? 'Move objects to a prefix of this or another bucket, in any cloud; the source is deleted only after the copy is verified'
      : 'Copy objects to a prefix of this or another bucket, in any cloud, verified end to end',
    params: transferParams,
    executor: EXECUTOR,
    reversible: true,
    risk: move ? 'medium' : 'low',
    productionNeedsApproval: true,
    plan: (target: PlanTarget, params) => ({
      changes: [
        {
          field: 'objects',
          from: target.urn,
          to: `${params.destination.bucketUrn}/${params.destination.prefix}`,
        },
      ],
      steps: [
        `list ${selected(params)}`,
        `stream each into ${params.destination.bucketUrn} under '${params.destination.prefix}'${params.storageClass ? ` as ${params.storageClass}` : ''} (multipart or block upload from 8 MiB)`,
        'read each copy back and compare its SHA-256 with the source',
        ...(move ? ['delete each source object only after its copy is verified'] : []),
      ],
    }),
  };
}

const changeClass: ActionDefinition<typeof classParams> = {
  summary:
    'Move objects to another storage class (S3 copy in place, GCS rewrite, Blob access tier)',
  params: classParams,
  executor: EXECUTOR,
  reversible: true,
  risk: 'low',
  productionNeedsApproval: true,
  approvalRequired: (_target, params) =>
    /GLACIER|DEEP_ARCHIVE|ARCHIVE|Archive/.test(params.storageClass),
  plan: (target, params) => ({
    changes: [{ field: 'storageClass', from: params.fromClass ?? 'any', to: params.storageClass }],
    steps: [
      `list ${selected(params)}${params.fromClass ? ` in ${params.fromClass}` : ''}${params.olderThanDays !== undefined ? ` last modified over ${params.olderThanDays} days ago` : ''}`,
      `change each to ${params.storageClass} in ${target.urn}`,
      "read each object's class back",
    ],
  }),
};

const remove: ActionDefinition<typeof deleteParams> = {
  summary: 'Delete objects; in a versioned bucket older versions stay unless allVersions is set',
  params: deleteParams,
  executor: EXECUTOR,
  reversible: false,
  risk: 'high',
  productionNeedsApproval: true,
  approvalRequired: (_target, params) => params.allVersions,
  plan: (target, params) => ({
    changes: [{ field: 'objects', from: selected(params), to: null }],
    steps: [
      `list ${selected(params)}`,
      params.allVersions
        ? `delete every version of each from ${target.urn}`
        : `delete each from ${target.urn}${target.attributes.versioning === true ? ' (versioned: the previous version can be restored)' : ''}`,
      'check each is gone',
    ],
  }),
};

const STORAGE_ACTIONS_OF_A_BUCKET = {
  copy: transfer(false),
  move: transfer(true),
  change_class: changeClass,
  delete: remove,
};

/** Object storage: executed by great-library in S3, Cloud Storage and Blob. */
export const STORAGE_ACTIONS: ResourceTypeActions[] = [
  { provider: 'aws', resourceType: 's3/bucket', actions: STORAGE_ACTIONS_OF_A_BUCKET },
  { provider: 'gcp', resourceType: 'storage/bucket', actions: STORAGE_ACTIONS_OF_A_BUCKET },
  { provider: 'azure', resourceType: 'storage/container', actions: STORAGE_ACTIONS_OF_A_BUCKET },
];
