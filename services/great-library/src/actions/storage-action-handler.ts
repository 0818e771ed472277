import type { ActionHandler, ActionRequest, HandlerOutcome } from '@codex/actions';
import { ProviderError, verificationFailed } from '@codex/connectors';
import type {
  ActionCatalogue,
  StorageClassParams,
  StorageDeleteParams,
  StorageTransferParams,
} from '@codex/contracts';

import type { BucketDirectory, OpenBucket } from '../buckets/bucket-directory';
import { classChangeCandidates } from './class-change-candidates';
import { selectObjects } from './object-selection';
import { copyVerified, type VerifiedCopy } from './verified-transfer';

/** How many verified objects a completion lists by name; the counts cover all of them. */
const LISTED = 50;

/**
 * great-library's half of the executor kit: copy, move, class change and delete of objects in
 * a bucket the tenant's discovery found, each object's effect read back before the action
 * succeeds. A move deletes a source object only after its copy is verified.
 */
export class StorageActionHandler implements ActionHandler {
  constructor(
    private readonly catalogue: ActionCatalogue,
    private readonly buckets: BucketDirectory,
  ) {}

  async execute(request: ActionRequest): Promise<HandlerOutcome> {
    const bucket = await this.buckets.byUrn(request.tenantId, request.targetUrn);
    if (!bucket) {
      return {
        status: 'rejected',
        message: `${request.targetUrn} is not a bucket discovered for this tenant`,
      };
    }
    const definition = this.catalogue.definition(
      bucket.provider,
      resourceTypeOf(request.targetUrn),
      request.actionType,
    );
    if (!definition) {
      return { status: 'rejected', message: `${request.actionType} is not a storage action` };
    }
    const checked = this.catalogue.checkParams(definition, request.params ?? {});
    if ('error' in checked) {
      return {
        status: 'rejected',
        message: checked.error.issues.map((issue) => issue.message).join('; '),
      };
    }
    const source = await this.buckets.opened(bucket);
    switch (request.actionType) {
      case 'copy':
      case 'move':
        return this.transfer(request, source, checked.params as StorageTransferParams);
      case 'change_class':
        return this.changeClass(source, checked.params as StorageClassParams);
      case 'delete':
        return this.remove(source, checked.params as StorageDeleteParams);
      default:
        return { status: 'rejected', message: `${request.actionType} is not a storage action` };
    }
  }

  private async transfer(
    request: ActionRequest,
    source: OpenBucket,
    params: StorageTransferParams,
  ): Promise<HandlerOutcome> {
    const target = await this.buckets.byUrn(request.tenantId, params.destination.bucketUrn);
    if (!target) {
      return {
        status: 'rejected',
        message: `${params.destination.bucketUrn} is not a bucket discovered for this tenant`,
      };
    }
    if (target.id === source.bucket.id && params.destination.prefix === '') {
      return {
        status: 'rejected',
        message: 'the destination is the source itself: give a destination prefix',
      };
    }
    const destination = await this.buckets.opened(target);
    const selection = await selectObjects(source, params);
    if ('refusal' in selection) return { status: 'rejected', message: selection.refusal };
    const move = request.actionType === 'move';
    const copies: VerifiedCopy[] = [];
    for (const listed of selection.objects) {
      const object = await source.store.head(source.access, source.location, listed.key);
      const copy = await copyVerified(
        source,
        object,
        destination,
        `${params.destination.prefix}${object.key}`,
        params.storageClass,
      );
      if (move) await this.deleteVerified(source, object.key);
      copies.push(copy);
    }
    const bytes = copies.reduce((sum, copy) => sum + copy.bytes, 0);
    return {
      status: 'succeeded',
      message: `${move ? 'moved' : 'copied'} ${copies.length} objects (${bytes} bytes) to ${target.urn}, each copy's SHA-256 equal to its source's${move ? '; sources deleted after' : ''}`,
      result: {
        objects: copies.length,
        bytes,
        destination: target.urn,
        verified: copies.slice(0, LISTED).map((copy) => ({ ...copy })),
      },
    };
  }

  private async changeClass(
    source: OpenBucket,
    params: StorageClassParams,
  ): Promise<HandlerOutcome> {
    if (!source.store.storageClasses.includes(params.storageClass)) {
      return {
        status: 'rejected',
        message: `${params.storageClass} is not a ${source.bucket.provider} storage class; expected one of ${source.store.storageClasses.join(', ')}`,
      };
    }
    const selection = await selectObjects(source, params);
    if ('refusal' in selection) return { status: 'rejected', message: selection.refusal };
    const chosen = classChangeCandidates(selection.objects, params);
    let bytes = 0;
    for (const object of chosen) {
      await source.store.changeClass(
        source.access,
        source.location,
        object.key,
        params.storageClass,
      );
      const after = await source.store.head(source.access, source.location, object.key);
      if (after.storageClass !== params.storageClass) {
        throw verificationFailed(
          source.bucket.provider,
          `${object.key} is still ${after.storageClass} after the change to ${params.storageClass}`,
        );
      }
      bytes += object.size;
    }
    return {
      status: 'succeeded',
      message: `${chosen.length} objects (${bytes} bytes) now ${params.storageClass}, each read back`,
      result: {
        objects: chosen.length,
        bytes,
        storageClass: params.storageClass,
        keys: chosen.slice(0, LISTED).map((object) => object.key),
      },
    };
  }

  private async remove(source: OpenBucket, params: StorageDeleteParams): Promise<HandlerOutcome> {
    if (params.allVersions && !source.store.deleteAllVersions) {
      return {
        status: 'rejected',
        message: `allVersions is not offered for ${source.bucket.provider} yet`,
      };
    }
    const selection = await selectObjects(source, params);
    if ('refusal' in selection) return { status: 'rejected', message: selection.refusal };
    let bytes = 0;
    for (const object of selection.objects) {
      if (params.allVersions && source.store.deleteAllVersions) {
        await source.store.deleteAllVersions(source.access, source.location, object.key);
      }
      await this.deleteVerified(source, object.key);
      bytes += object.size;
    }
    const versioned = source.bucket.configuration.versioning && !params.allVersions;
    return {
      status: 'succeeded',
      message: `deleted ${selection.objects.length} objects (${bytes} bytes)${versioned ? '; the bucket is versioned, so their previous versions can still be restored' : ''}`,
      result: {
        objects: selection.objects.length,
        bytes,
        versionsKept: versioned,
        keys: selection.objects.slice(0, LISTED).map((object) => object.key),
      },
    };
  }

  /** Deletes the object and checks it is gone (a versioned bucket keeps it as a noncurrent version). */
  private async deleteVerified(bucket: OpenBucket, key: string): Promise<void> {
    await bucket.store.delete(bucket.access, bucket.location, key);
    try {
      await bucket.store.head(bucket.access, bucket.location, key);
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'not_found') return;
      throw error;
    }
    throw verificationFailed(
      bucket.bucket.provider,
      `${key} is still in ${bucket.bucket.name} after its delete`,
    );
  }
}

/** `s3/bucket`, `storage/bucket` or `storage/container`, from `codex:<p>:<a>:<r>:<type>/<id>`. */
function resourceTypeOf(urn: string): string {
  const path = urn.split(':').slice(4).join(':');
  return path.split('/').slice(0, 2).join('/');
}
