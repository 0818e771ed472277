import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { KeyRing } from './key-ring';
import { SigningKeyRotation } from './signing-key-rotation';
import { SigningKeysController } from './signing-keys.controller';

@Module({
  imports: [AuditModule],
  controllers: [SigningKeysController],
  providers: [KeyRing, SigningKeyRotation],
  exports: [KeyRing],
})
export class SigningModule {}
