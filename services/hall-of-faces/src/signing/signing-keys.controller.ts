import { CurrentPrincipal, PLATFORM_OPERATOR, type Principal, RequireRole } from '@codex/auth';
import { openApiSchema } from '@codex/platform';
import { Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IDENTITY_API } from '../http/identity-api';
import { type Rotation, SigningKeyRotation } from './signing-key-rotation';

@ApiTags('identity')
@Controller(`${IDENTITY_API}/signing-keys`)
@RequireRole(PLATFORM_OPERATOR)
export class SigningKeysController {
  constructor(private readonly rotation: SigningKeyRotation) {}

  @Post('rotations')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Rotates the signing key: the published next key starts signing (platform operators)',
    description: 'Earlier tokens keep verifying until they expire. Audited for every tenant.',
  })
  @ApiCreatedResponse({ schema: openApiSchema(z.object({ kid: z.string() })) })
  rotate(@CurrentPrincipal() operator: Principal, @Ip() ip: string): Promise<Rotation> {
    return this.rotation.rotate(operator, ip);
  }
}
