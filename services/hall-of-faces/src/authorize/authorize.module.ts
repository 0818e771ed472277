import { Module } from '@nestjs/common';

import { SignInModule } from '../sign-in/sign-in.module';
import { AuthorizationCodes } from './authorization-codes';
import { AuthorizeController } from './authorize.controller';

/** The authorization endpoint and its codes, redeemed by the token endpoint. */
@Module({
  imports: [SignInModule],
  controllers: [AuthorizeController],
  providers: [AuthorizationCodes],
  exports: [AuthorizationCodes],
})
export class AuthorizeModule {}
