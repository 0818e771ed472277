import { readFileSync } from 'node:fs';

import { ACTION_CATALOGUE, type ActionCatalogue, catalogueExtensions } from '@codex/contracts';
import { type DynamicModule, Module } from '@nestjs/common';

import { InventoryReader } from '../inventory/inventory-reader';
import { ActionCompletions } from './action-completions';
import { ActionDispatch } from './action-dispatch';
import { ActionEventsController } from './action-events.controller';
import { ActionLedger } from './action-ledger';
import { ACTIONS_CONFIG, type ActionsConfig, CATALOGUE } from './actions-config';
import { ActionsController } from './api/actions.controller';
import { DecideAction } from './decide-action';
import { RequestAction } from './request-action';
import { SubmitAction } from './submit-action';

/** The action ledger: requests, policy and approvals, dispatch to executors, their outcomes. */
@Module({})
export class ActionsModule {
  static forRoot(config: ActionsConfig): DynamicModule {
    return {
      module: ActionsModule,
      controllers: [ActionsController, ActionEventsController],
      providers: [
        { provide: ACTIONS_CONFIG, useValue: config },
        { provide: CATALOGUE, useValue: catalogueFor(config) },
        InventoryReader,
        ActionLedger,
        ActionDispatch,
        RequestAction,
        DecideAction,
        SubmitAction,
        ActionCompletions,
      ],
    };
  }
}

function catalogueFor(config: ActionsConfig): ActionCatalogue {
  const file = config.catalogueExtensionsFile;
  if (!file) return ACTION_CATALOGUE;
  return ACTION_CATALOGUE.extendedWith(
    catalogueExtensions(JSON.parse(readFileSync(file, 'utf8')) as unknown),
  );
}
