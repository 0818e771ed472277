import { type EventBatch, OnEvents } from '@codex/messaging';
import { Controller } from '@nestjs/common';

import { ActionCompletions } from './action-completions';

@Controller()
export class ActionEventsController {
  constructor(private readonly completions: ActionCompletions) {}

  @OnEvents('action.completed')
  onCompleted(batch: EventBatch<'action.completed'>): Promise<void> {
    return this.completions.apply(batch.events, batch.manager);
  }
}
