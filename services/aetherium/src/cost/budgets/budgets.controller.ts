import { CurrentPrincipal, type Principal, RequireRole } from '@codex/auth';
import { openApiSchema, UuidParam, Validated } from '@codex/platform';
import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import {
  budgetAlertList,
  type BudgetAlertView,
  budgetList,
  type BudgetView,
  budgetView,
  type NewBudget,
  newBudget,
} from './budget.schemas';
import { Budgets } from './budgets';

@ApiTags('costs')
@Controller('api/v1/costs/budgets')
@RequireRole('viewer')
export class BudgetsController {
  constructor(private readonly budgets: Budgets) {}

  @Post()
  @RequireRole('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A monthly budget for all cost, an account, a service or a tag',
    description:
      'Each threshold (percent of the amount) reached in a month raises one alert, published as insight.generated: once on actual cost, and once on the forecast month total when the oracle forecasts the scope.',
  })
  @ApiBody({ schema: openApiSchema(newBudget) })
  @ApiCreatedResponse({ schema: openApiSchema(budgetView) })
  create(
    @CurrentPrincipal() admin: Principal,
    @Body(new Validated(newBudget, 'body')) body: NewBudget,
  ): Promise<BudgetView> {
    return this.budgets.create(admin, body);
  }

  @Get()
  @ApiOkResponse({ schema: openApiSchema(budgetList) })
  async list(@CurrentPrincipal() caller: Principal): Promise<{ items: BudgetView[] }> {
    return { items: await this.budgets.list(caller) };
  }

  @Get('alerts')
  @ApiOperation({ summary: 'The alerts budgets raised, newest first' })
  @ApiOkResponse({ schema: openApiSchema(budgetAlertList) })
  async alerts(@CurrentPrincipal() caller: Principal): Promise<{ items: BudgetAlertView[] }> {
    return { items: await this.budgets.alertsOf(caller) };
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(
    @CurrentPrincipal() admin: Principal,
    @UuidParam('id', 'budget') id: string,
  ): Promise<void> {
    return this.budgets.remove(admin, id);
  }
}
