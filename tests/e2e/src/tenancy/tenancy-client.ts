import { randomUUID } from 'node:crypto';

import { eventually, type MotoAccount, OPERATOR, type RunningPlatform } from '@codex/testing';

export interface Answer<T> {
  status: number;
  body: T;
}

export interface Tenant {
  id: string;
  slug: string;
  admin: { email: string; password: string };
}

export interface Resource {
  urn: string;
  name: string;
  type: string;
  state: string;
}

export interface Run {
  id: string;
  status: string;
  counts: { discovered: number; deleted: number };
}

export const US = 'us-east-1';
export const EU = 'eu-west-1';

/** Calls the platform through the gateway, or straight at one service, as a caller with a token. */
export class TenancyClient {
  constructor(private readonly platform: RunningPlatform) {}

  async call<T>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    options: {
      at?: Parameters<RunningPlatform['urlOf']>[0];
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer<T>> {
    const base = options.at ? this.platform.urlOf(options.at) : this.platform.gatewayUrl;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** A token for a person of the built-in issuer, signed in through the gateway. */
  async signIn(tenant: string, username: string, password: string): Promise<string> {
    const response = await fetch(`${this.platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', tenant, username, password }),
    });
    if (response.status !== 200)
      throw new Error(`sign-in of ${username} answered ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  signInOperator(): Promise<string> {
    return this.signIn(OPERATOR.tenant, OPERATOR.email, OPERATOR.password);
  }

  async tokenFor(fields: Record<string, string>): Promise<string> {
    const response = await fetch(`${this.platform.gatewayUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  /** A new tenant with its first admin, provisioned by the platform operator. */
  async provisionTenant(operator: string, prefix: string): Promise<Tenant> {
    const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
    const admin = { email: `admin@${slug}.test`, password: `${slug} admin password` };
    const created = await this.call<{ tenant: { id: string } }>(
      'POST',
      '/api/v1/identity/tenants',
      operator,
      { slug, name: slug, admin },
    );
    if (created.status !== 201) throw new Error(`tenant ${slug}: ${created.status}`);
    return { id: created.body.tenant.id, slug, admin };
  }

  /** A person of the tenant with these roles, and their token. */
  async addPerson(tenant: Tenant, admin: string, name: string, roles: string[]) {
    const email = `${name}@${tenant.slug}.test`;
    const password = `${name} password of ${tenant.slug}`;
    const created = await this.call<{ id: string }>('POST', '/api/v1/identity/users', admin, {
      email,
      password,
      roles,
    });
    if (created.status !== 201) throw new Error(`user ${email}: ${created.status}`);
    return { id: created.body.id, token: await this.signIn(tenant.slug, email, password) };
  }

  async connect(admin: string, moto: MotoAccount): Promise<string> {
    const connected = await this.call<{ id: string }>('POST', '/api/v1/accounts', admin, {
      provider: 'aws',
      name: 'shared sandbox',
      regions: [US, EU],
      credentials: { kind: 'assume-role', ...moto.role },
    });
    if (connected.status !== 201) throw new Error(`connect: ${connected.status}`);
    return connected.body.id;
  }

  /** Runs discovery of the account to its end (engine-core learns of the account a moment after it connects). */
  async discover(token: string, accountId: string): Promise<Run> {
    const started = await eventually(
      async () => {
        const response = await this.call<Run>('POST', '/api/v1/compute/discovery-runs', token, {
          accountId,
        });
        if (response.status === 404) throw new Error('engine-core does not know the account yet');
        return response;
      },
      { timeoutMs: 90_000 },
    );
    if (started.status !== 202) throw new Error(`discovery: ${started.status}`);
    return eventually(
      async () => {
        const run = await this.call<Run>(
          'GET',
          `/api/v1/compute/discovery-runs/${started.body.id}`,
          token,
        );
        if (run.body.status === 'queued' || run.body.status === 'running') {
          throw new Error(run.body.status);
        }
        return run.body;
      },
      { timeoutMs: 90_000 },
    );
  }

  async inventory(token: string, accountNumber: string): Promise<Resource[]> {
    const page = await this.call<{ items: Resource[] }>(
      'GET',
      `/api/v1/inventory/resources?account=${accountNumber}&limit=200`,
      token,
    );
    return page.body.items;
  }
}

/**
 * 45 resources in one AWS account: 38 instances in two regions (5 tagged
 * production) and 2 ECS clusters with 5 services.
 */
export async function buildSharedEstate(moto: MotoAccount) {
  const production = await moto.launch(US, 5, 't3.micro', { Name: 'web-prod', env: 'production' });
  const staging = await moto.launch(US, 15, 't3.micro', { Name: 'web-staging', env: 'staging' });
  const workers = await moto.launch(EU, 18, 't3.small', { Name: 'worker', env: 'dev' });
  for (const service of ['checkout', 'ledger', 'search', 'mail']) {
    await moto.createService(US, 'payments', service, 1);
  }
  await moto.createService(EU, 'batch', 'nightly', 1);
  return { production, staging, workers, total: 45 };
}

export const instanceUrn = (moto: MotoAccount, region: string, id: string) =>
  `codex:aws:${moto.accountId}:${region}:ec2/instance/${id}`;
