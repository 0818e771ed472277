import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, Validated } from '@codex/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { IDENTITY_API } from '../http/identity-api';
import { AuditQueries } from './audit-query';
import { type AuditPage, auditPage, type AuditQuery, auditQuery } from './audit-query.schemas';

@ApiTags('identity')
@Controller(`${IDENTITY_API}/audit-events`)
@RequireRole('admin')
export class AuditQueryController {
  constructor(private readonly audit: AuditQueries) {}

  @Get()
  @ApiOperation({ summary: "The tenant's security events, newest first" })
  @ApiQueryFrom(auditQuery)
  @ApiOkResponse({ schema: openApiSchema(auditPage) })
  find(
    @CurrentPrincipal() admin: Principal,
    @Query(new Validated(auditQuery, 'query')) query: AuditQuery,
  ): Promise<AuditPage> {
    return this.audit.find(admin, query);
  }
}
