import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { CLOCK, systemClock } from './clock';
import { FairCheckQueue } from './fair-check-queue';
import { LockoutTenant } from './lockout-tenant';
import { PasswordSignIn } from './password-sign-in';
import { RedisThrottleStore } from './redis-throttle-store';
import { SignInThrottle } from './sign-in-throttle';
import { THROTTLE_STORE } from './throttle-store';

@Module({
  imports: [AuditModule],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: THROTTLE_STORE, useClass: RedisThrottleStore },
    LockoutTenant,
    SignInThrottle,
    FairCheckQueue,
    PasswordSignIn,
  ],
  exports: [SignInThrottle, FairCheckQueue, PasswordSignIn],
})
export class SignInModule {}
