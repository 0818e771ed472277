import { InboxEvent } from '../inbox/inbox-event.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { CreateMessagingTables1795339700000 } from './1795339700000-CreateMessagingTables';
import { IndexInboxReceivedAt1795343000000 } from './1795343000000-IndexInboxReceivedAt';

/** Tables every service on the event backbone needs; add both lists to the service's database. */
export const messagingEntities = [OutboxMessage, InboxEvent];
export const messagingMigrations = [
  CreateMessagingTables1795339700000,
  IndexInboxReceivedAt1795343000000,
];
