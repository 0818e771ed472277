import { ActionCatalogue } from './action-catalogue';
import { AWS_COMPUTE_ACTIONS } from './aws-compute-actions';
import { AZURE_COMPUTE_ACTIONS } from './azure-compute-actions';
import { IDENTITY_ACTIONS } from './identity-actions';
import { STORAGE_ACTIONS } from './storage-actions';

/** Every action Codex's own executors perform. */
export const ACTION_CATALOGUE = new ActionCatalogue([
  ...AWS_COMPUTE_ACTIONS,
  ...AZURE_COMPUTE_ACTIONS,
  ...IDENTITY_ACTIONS,
  ...STORAGE_ACTIONS,
]);
