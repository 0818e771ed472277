import type { Action } from './action.entity';

export type ActionView = Omit<Action, 'tenantId'>;

export function toActionView(action: Action): ActionView {
  const { tenantId: _tenant, ...view } = action;
  return view;
}
