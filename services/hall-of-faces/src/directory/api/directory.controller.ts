import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { ApiQueryFrom, openApiSchema, UuidParam, Validated } from '@codex/platform';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IDENTITY_API } from '../../http/identity-api';
import {
  accountsPage,
  type AccountsQuery,
  accountsQuery,
  accountView,
  type DirectoryCounts,
  directoryCounts,
  type LinkRequest,
  linkRequest,
  peoplePage,
  type PeopleQuery,
  peopleQuery,
  personSummary,
} from './directory.schemas';
import { DirectoryFindings } from './directory-findings';
import { DirectoryQueries } from './directory-queries';
import {
  type FindingsQuery,
  findingsQuery,
  type FindingsReport,
  findingsReport,
  findingView,
} from './findings.schemas';
import { LinkAccounts } from './link-accounts';

const personDetail = z.object({
  person: personSummary,
  accounts: z.array(accountView),
  findings: z.array(findingView),
  riskScore: z.number().int(),
});

@ApiTags('identity')
@Controller(`${IDENTITY_API}/directory`)
export class DirectoryController {
  constructor(
    private readonly queries: DirectoryQueries,
    private readonly findings: DirectoryFindings,
    private readonly linking: LinkAccounts,
  ) {}

  @Get('counts')
  @ApiOperation({
    summary: 'How many people, accounts, roles, groups and memberships the directory holds',
  })
  @ApiOkResponse({ schema: openApiSchema(directoryCounts) })
  counts(@CurrentPrincipal() caller: Principal): Promise<DirectoryCounts> {
    return this.queries.counts(caller);
  }

  @Get('people')
  @ApiOperation({
    summary: 'People, each with their accounts across identity providers, oldest first',
  })
  @ApiQueryFrom(peopleQuery)
  @ApiOkResponse({ schema: openApiSchema(peoplePage) })
  people(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(peopleQuery, 'query')) query: PeopleQuery,
  ) {
    return this.queries.people(caller, query);
  }

  @Get('people/:id')
  @ApiOperation({
    summary: 'One person: linked accounts, their roles and groups, findings and risk score',
  })
  @ApiOkResponse({ schema: openApiSchema(personDetail) })
  async person(@CurrentPrincipal() caller: Principal, @UuidParam('id', 'person') id: string) {
    const { person, accounts } = await this.queries.person(caller, id);
    const { findings, risk } = await this.findings.forPerson(caller, id);
    return { person, accounts, findings, riskScore: risk.score };
  }

  @Post('people/:id/accounts')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Links an account to this person by hand',
    description: 'A link made by hand is never undone by linking by e-mail.',
  })
  @ApiBody({ schema: openApiSchema(linkRequest) })
  async link(
    @CurrentPrincipal() admin: Principal,
    @UuidParam('id', 'person') id: string,
    @Body(new Validated(linkRequest, 'body')) body: LinkRequest,
  ): Promise<void> {
    await this.linking.link(admin, id, body);
  }

  @Post('unlink')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Unlinks an account from its person by hand',
    description: 'The account stays unlinked: linking by e-mail leaves it alone.',
  })
  @ApiBody({ schema: openApiSchema(linkRequest) })
  async unlink(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(linkRequest, 'body')) body: LinkRequest,
  ): Promise<void> {
    await this.linking.unlink(admin, body);
  }

  @Get('accounts')
  @ApiOperation({
    summary: 'Accounts of every connected identity provider, with their roles and groups',
  })
  @ApiQueryFrom(accountsQuery)
  @ApiOkResponse({ schema: openApiSchema(accountsPage) })
  accounts(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(accountsQuery, 'query')) query: AccountsQuery,
  ) {
    return this.queries.accounts(caller, query);
  }

  @Get('findings')
  @ApiOperation({
    summary:
      'Governance findings: stale accounts, admins without MFA, dormant privileged accounts, leaver drift, unlinked accounts, unused privileged roles',
  })
  @ApiQueryFrom(findingsQuery)
  @ApiOkResponse({ schema: openApiSchema(findingsReport) })
  report(
    @CurrentPrincipal() caller: Principal,
    @Query(new Validated(findingsQuery, 'query')) query: FindingsQuery,
  ): Promise<FindingsReport> {
    return this.findings.report(caller, query);
  }
}
