import { InboxEvent } from '../inbox/inbox-event.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { CreateMessagingTables1795339700000 } from './1795339700000-CreateMessagingTables';

/** Tables every service on the event backbone needs; add both lists to the service's database. */
export const messagingEntities = [OutboxMessage, InboxEvent];
export const messagingMigrations = [CreateMessagingTables1795339700000];
