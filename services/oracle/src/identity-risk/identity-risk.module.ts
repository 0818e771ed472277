import { Module } from '@nestjs/common';

import { IdentityRiskController } from './api/identity-risk.controller';
import { IdentityRiskReader } from './api/identity-risk-reader';
import { DetectIdentityRisk } from './detect-identity-risk';
import { IdentityRiskEventsController } from './identity-risk-events.controller';

/** Sign-in risk from `login.observed`: detectors, signals as insights, risk per account (ADR 24). */
@Module({
  controllers: [IdentityRiskEventsController, IdentityRiskController],
  providers: [DetectIdentityRisk, IdentityRiskReader],
})
export class IdentityRiskModule {}
