import { CurrentPrincipal, type Principal } from '@codex/auth';
import {
  ACTION_CATALOGUE,
  type StorageClassParams,
  type StorageTransferParams,
} from '@codex/contracts';
import {
  fieldProblems,
  openApiSchema,
  ProblemException,
  UuidParam,
  Validated,
  ValidationProblem,
} from '@codex/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { type ActionPreview, previewAction, type PreviewEffect } from '../actions/action-preview';
import { classChangeCandidates } from '../actions/class-change-candidates';
import { type SelectionParams, selectObjects } from '../actions/object-selection';
import { BucketDirectory, type OpenBucket } from '../buckets/bucket-directory';
import { BUCKET_RESOURCE_TYPES } from '../storage/bucket-urns';
import { actionPreview, type PreviewRequest, previewRequest, STORAGE_API } from './storage.schemas';
import { atProvider } from './storage-problems';

@ApiTags('storage')
@Controller(`${STORAGE_API}/buckets/:id`)
export class PreviewsController {
  constructor(private readonly buckets: BucketDirectory) {}

  @Post('previews')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What a storage action would move: objects, bytes by class, and the cost delta',
    description:
      "Lists the action's selection at the provider now, with the same parameters the action takes (POST /api/v1/actions), and prices the change at list prices; nothing is changed.",
  })
  @ApiBody({ schema: openApiSchema(previewRequest) })
  @ApiOkResponse({ schema: openApiSchema(actionPreview) })
  async preview(
    @CurrentPrincipal() caller: Principal,
    @UuidParam('id', 'bucket') id: string,
    @Body(new Validated(previewRequest, 'body')) body: PreviewRequest,
  ): Promise<ActionPreview & { destination: string | null }> {
    const source = await this.buckets.open(caller.tenantId, id);
    const definition = ACTION_CATALOGUE.definition(
      source.bucket.provider,
      BUCKET_RESOURCE_TYPES[source.bucket.provider],
      body.type,
    );
    const checked = definition && ACTION_CATALOGUE.checkParams(definition, body.params);
    if (!checked) {
      throw new ValidationProblem([
        { field: 'body.type', message: `is not an action of a ${source.bucket.provider} bucket` },
      ]);
    }
    if ('error' in checked)
      throw new ValidationProblem(fieldProblems(checked.error, 'body.params'));
    const params = checked.params as SelectionParams & Record<string, unknown>;
    const selection = await atProvider(`bucket ${source.bucket.name}`, () =>
      selectObjects(source, params),
    );
    if ('refusal' in selection) {
      throw new ProblemException(422, 'selection_refused', selection.refusal);
    }
    const region = { provider: source.bucket.provider, region: source.bucket.region };
    switch (body.type) {
      case 'change_class': {
        const classParams = params as unknown as StorageClassParams;
        const effect: PreviewEffect = { kind: 'class', storageClass: classParams.storageClass };
        const chosen = classChangeCandidates(selection.objects, classParams);
        return { ...previewAction(region, chosen, effect), destination: null };
      }
      case 'delete':
        return {
          ...previewAction(region, selection.objects, { kind: 'delete' }),
          destination: null,
        };
      case 'copy':
      case 'move': {
        const transfer = params as unknown as StorageTransferParams;
        const target = await this.destination(caller.tenantId, transfer.destination.bucketUrn);
        const effect: PreviewEffect = {
          kind: 'transfer',
          move: body.type === 'move',
          provider: target.bucket.provider,
          region: target.bucket.region,
          storageClass: transfer.storageClass ?? target.store.storageClasses[0] ?? 'STANDARD',
        };
        return {
          ...previewAction(region, selection.objects, effect),
          destination: target.bucket.urn,
        };
      }
    }
  }

  private async destination(tenantId: string, urn: string): Promise<OpenBucket> {
    const bucket = await this.buckets.byUrn(tenantId, urn);
    if (!bucket) {
      throw new ValidationProblem([
        {
          field: 'body.params.destination.bucketUrn',
          message: 'is not a bucket discovered for this tenant',
        },
      ]);
    }
    return this.buckets.opened(bucket);
  }
}
