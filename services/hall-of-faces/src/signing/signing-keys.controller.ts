import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IDENTITY_API } from '../http/identity-api';
import { openApiSchema } from '../http/openapi-schema';
import { type Rotation, SigningKeyRotation } from './signing-key-rotation';

@ApiTags('identity')
@Controller(`${IDENTITY_API}/signing-keys`)
@RequireRole('admin')
export class SigningKeysController {
  constructor(private readonly rotation: SigningKeyRotation) {}

  @Post('rotations')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Rotates the signing key: the published next key starts signing',
    description: 'Earlier tokens keep verifying until they expire.',
  })
  @ApiCreatedResponse({ schema: openApiSchema(z.object({ kid: z.string() })) })
  rotate(@CurrentPrincipal() admin: Principal, @Ip() ip: string): Promise<Rotation> {
    return this.rotation.rotate(admin, ip);
  }
}
