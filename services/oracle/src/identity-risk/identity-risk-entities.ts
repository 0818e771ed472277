import { IdentityRiskScore } from './identity-risk-score.entity';
import { IdentityRiskSignal } from './identity-risk-signal.entity';
import { IdentityRiskState } from './identity-risk-state.entity';

/** The identity-risk tables, for the service's database definition. */
export const identityRiskEntities = [IdentityRiskSignal, IdentityRiskScore, IdentityRiskState];
