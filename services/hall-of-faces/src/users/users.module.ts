import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { RevocationsModule } from '../revocations/revocations.module';
import { TokensModule } from '../tokens/tokens.module';
import { CreateUser } from './create-user';
import { UpdateUser } from './update-user';
import { UserDirectory } from './user-directory';
import { UsersController } from './users.controller';

@Module({
  imports: [AuditModule, RevocationsModule, TokensModule],
  controllers: [UsersController],
  providers: [UserDirectory, CreateUser, UpdateUser],
})
export class UsersModule {}
