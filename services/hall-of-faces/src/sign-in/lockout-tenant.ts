import { asSystem } from '@codex/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ApiKey } from '../api-keys/api-key.entity';
import { MachineClient } from '../clients/machine-client.entity';
import { Tenant } from '../tenants/tenant.entity';
import type { SignInSubject } from './sign-in-subject';

/**
 * The tenant whose audit log shows a lockout: the one the refused sign-in aimed at, or empty
 * when it names no tenant that exists. Looked up only when a lockout is audited.
 */
@Injectable()
export class LockoutTenant {
  constructor(private readonly dataSource: DataSource) {}

  async of(subject: SignInSubject): Promise<string> {
    switch (subject.grant) {
      case 'password':
        return (
          (await this.dataSource.getRepository(Tenant).findOneBy({ slug: subject.tenant }))?.id ??
          ''
        );
      case 'client_credentials':
        return (
          (
            await asSystem(this.dataSource, 'a client id names its tenant only once found', (m) =>
              m.findOneBy(MachineClient, { clientId: subject.clientId }),
            )
          )?.tenantId ?? ''
        );
      case 'api_key':
        return subject.keyId === undefined
          ? ''
          : ((
              await asSystem(this.dataSource, 'an API key names its tenant only once found', (m) =>
                m.findOneBy(ApiKey, { id: subject.keyId }),
              )
            )?.tenantId ?? '');
    }
  }
}
