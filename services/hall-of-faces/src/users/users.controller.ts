import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, Validated } from '@codex/platform';
import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { IDENTITY_API } from '../http/identity-api';
import { CreateUser } from './create-user';
import { UpdateUser } from './update-user';
import {
  type NewUser,
  newUser,
  type UserChange,
  userChange,
  type UserListQuery,
  userListQuery,
  type UserPage,
  userPage,
  type UserView,
  userView,
} from './user.schemas';
import { UserDirectory } from './user-directory';

@ApiTags('identity')
@Controller(`${IDENTITY_API}/users`)
@RequireRole('admin')
export class UsersController {
  constructor(
    private readonly directory: UserDirectory,
    private readonly creation: CreateUser,
    private readonly changes: UpdateUser,
  ) {}

  @Get()
  @ApiOperation({ summary: "The tenant's users, oldest first" })
  @ApiQueryFrom(userListQuery)
  @ApiOkResponse({ schema: openApiSchema(userPage) })
  list(
    @CurrentPrincipal() admin: Principal,
    @Query(new Validated(userListQuery, 'query')) query: UserListQuery,
  ): Promise<UserPage> {
    return this.directory.list(admin, query);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Adds a user who signs in with the built-in issuer' })
  @ApiBody({ schema: openApiSchema(newUser) })
  @ApiCreatedResponse({ schema: openApiSchema(userView) })
  create(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(newUser, 'body')) body: NewUser,
    @Ip() ip: string,
  ): Promise<UserView> {
    return this.creation.create(admin, body, ip);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user of the tenant' })
  @ApiOkResponse({ schema: openApiSchema(userView) })
  get(@CurrentPrincipal() admin: Principal, @Param('id') id: string): Promise<UserView> {
    return this.directory.get(admin, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Changes a user's roles, or disables or enables them" })
  @ApiBody({ schema: openApiSchema(userChange) })
  @ApiOkResponse({ schema: openApiSchema(userView) })
  update(
    @CurrentPrincipal() admin: Principal,
    @Param('id') id: string,
    @Body(new Validated(userChange, 'body')) body: UserChange,
    @Ip() ip: string,
  ): Promise<UserView> {
    return this.changes.update(admin, id, body, ip);
  }
}
