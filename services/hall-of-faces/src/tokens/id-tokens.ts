import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';

import type { IssuerConfig } from '../config';
import { ISSUER_CONFIG } from '../issuer-config.token';
import { KeyRing } from '../signing/key-ring';

export interface IdTokenSubject {
  userId: string;
  tenantId: string;
  email: string;
  clientId: string;
  nonce?: string;
}

/** OpenID Connect ID tokens: who signed in, for the client that asked, as long as an access token. */
@Injectable()
export class IdTokens {
  constructor(
    private readonly keyRing: KeyRing,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
  ) {}

  async issue(subject: IdTokenSubject): Promise<string> {
    const key = await this.keyRing.activeKey();
    return new SignJWT({
      email: subject.email,
      tenant_id: subject.tenantId,
      ...(subject.nonce ? { nonce: subject.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(this.config.issuerUrl)
      .setAudience(subject.clientId)
      .setSubject(subject.userId)
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTokenTtlSeconds}s`)
      .sign(key.privateKey);
  }
}
