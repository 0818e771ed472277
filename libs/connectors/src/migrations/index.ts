import { ConnectedAccountRecord } from '../accounts/connected-account.entity';
import { CreateConnectedAccounts1795500000000 } from './1795500000000-CreateConnectedAccounts';

/** The projection's table, for a service's `database.entities`. */
export const connectorsEntities = [ConnectedAccountRecord];

/** For a service that did not keep an account projection before; append to its migrations. */
export const connectorsMigrations = [CreateConnectedAccounts1795500000000];
