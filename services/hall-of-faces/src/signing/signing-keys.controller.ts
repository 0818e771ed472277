import { AuthGuard, CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { Controller, HttpCode, Ip, Post, UseGuards } from '@nestjs/common';

import { SigningKeyRotation } from './signing-key-rotation';

@Controller('admin/signing-keys')
@UseGuards(AuthGuard)
@RequireRole('admin')
export class SigningKeysController {
  constructor(private readonly rotation: SigningKeyRotation) {}

  @Post('rotate')
  @HttpCode(201)
  rotate(@CurrentPrincipal() admin: Principal, @Ip() ip: string): Promise<{ kid: string }> {
    return this.rotation.rotate(admin, ip);
  }
}
