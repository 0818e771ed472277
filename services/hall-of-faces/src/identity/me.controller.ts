import { CurrentPrincipal, type Principal } from '@codex/auth';
import { openApiSchema } from '@codex/platform';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IDENTITY_API } from '../http/identity-api';

const caller = z.object({
  subject: z.string(),
  tenantId: z.string(),
  roles: z.array(z.string()),
  person: z.string().describe('Who the call is accounted to: the creator of a key or client'),
  apiKeyId: z.string().optional(),
  expiresAt: z.iso.datetime(),
});

type Caller = z.output<typeof caller>;

/** Any caller, of any tenant or none, may ask who the platform takes it for. */
@ApiTags('identity')
@Controller(`${IDENTITY_API}/me`)
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The caller as its token shows it: tenant, roles, accountable person' })
  @ApiOkResponse({ schema: openApiSchema(caller) })
  me(@CurrentPrincipal() principal: Principal): Caller {
    return {
      subject: principal.subject,
      tenantId: principal.tenantId,
      roles: principal.roles,
      person: principal.person,
      ...(principal.apiKeyId ? { apiKeyId: principal.apiKeyId } : {}),
      expiresAt: principal.expiresAt.toISOString(),
    };
  }
}
