import { DirectoryAccount } from './directory-account.entity';
import { DirectoryContainer } from './directory-container.entity';
import { DirectoryMembership } from './directory-membership.entity';
import { DirectoryPerson } from './directory-person.entity';
import { SyncRun } from './sync-run.entity';
import { SyncState } from './sync-state.entity';

/** The tables of the identity directory. */
export const directoryEntities = [
  DirectoryPerson,
  DirectoryAccount,
  DirectoryContainer,
  DirectoryMembership,
  SyncRun,
  SyncState,
];
