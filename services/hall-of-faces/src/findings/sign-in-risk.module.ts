import { Module } from '@nestjs/common';

import { RecordSignInRisk } from './record-sign-in-risk';
import { SignInRiskEventsController } from './sign-in-risk-events.controller';

/** Sign-in risk fed back from the oracle into people's findings and scores (ADR 24). */
@Module({
  controllers: [SignInRiskEventsController],
  providers: [RecordSignInRisk],
})
export class SignInRiskModule {}
