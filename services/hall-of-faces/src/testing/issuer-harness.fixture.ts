import { randomUUID } from 'node:crypto';

import { JwtVerifier, type Role } from '@codex/auth';
import {
  createScratchDatabase,
  freePort,
  runService,
  type ScratchDatabase,
  serviceEnv,
  type ServiceProcess,
  startService,
} from '@codex/testing';
import { Client } from 'pg';

import { hashPassword } from '../identity/password-hasher';

export interface Credentials {
  tenant: string;
  username: string;
  password: string;
}

/** The admin hall-of-faces creates on first start. */
export const ACME_ADMIN: Credentials = {
  tenant: 'acme',
  username: 'admin@acme.test',
  password: 'correct horse battery staple',
};

/** The platform operator hall-of-faces creates on first start, outside every tenant. */
export const OPERATOR: Credentials = {
  tenant: 'platform',
  username: 'operator@codex.test',
  password: 'operator horse battery staple',
};

export interface CallOptions {
  token?: string;
  /** Sent as JSON; a string is sent as it is, for malformed bodies. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** hall-of-faces, built and running against its own scratch database, and ways to poke it. */
export interface IssuerHarness {
  url: string;
  sql<Row>(text: string, values?: unknown[]): Promise<Row[]>;
  /** POSTs form fields to the token endpoint. */
  tokenRequest(fields: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  signIn(credentials: Credentials, headers?: Record<string, string>): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  /** Adds a user straight to the database and returns their id and credentials. */
  addUser(
    tenant: string,
    email: string,
    roles: Role[],
  ): Promise<{ id: string; credentials: Credentials }>;
  /** Adds a tenant with its own admin straight to the database. */
  addTenant(slug: string): Promise<{ tenantId: string; admin: Credentials }>;
  verifier(): JwtVerifier;
  stop(): Promise<void>;
}

/** `env` adds to or overrides the issuer's environment (e.g. short sign-in lockouts). */
export async function startIssuer(
  databasePrefix: string,
  env: Record<string, string> = {},
): Promise<IssuerHarness> {
  const database: ScratchDatabase = await createScratchDatabase(databasePrefix);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Runs as the scratch database's runtime role (row-level security applies, ADR 12);
  // `sql` below is the superuser, for set-up and checks.
  const serviceEnvironment = serviceEnv(database, {
    PORT: String(port),
    ISSUER_URL: url,
    AUTH_ISSUER_URL: url,
    BOOTSTRAP_TENANT_SLUG: ACME_ADMIN.tenant,
    BOOTSTRAP_ADMIN_EMAIL: ACME_ADMIN.username,
    BOOTSTRAP_ADMIN_PASSWORD: ACME_ADMIN.password,
    BOOTSTRAP_OPERATOR_EMAIL: OPERATOR.username,
    BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
    ...env,
  });
  let service: ServiceProcess | undefined;
  try {
    const migrated = await runService('hall-of-faces', serviceEnvironment, ['migrate']).exit;
    if (migrated.code !== 0) throw new Error(`migrate failed:\n${migrated.output}`);
    service = await startService('hall-of-faces', serviceEnvironment);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const running = service;

  async function sql<Row>(text: string, values: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  const tokenRequest = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });

  async function signIn(credentials: Credentials, headers?: Record<string, string>) {
    const response = await tokenRequest({ grant_type: 'password', ...credentials }, headers);
    if (response.status !== 200) {
      throw new Error(`sign-in of ${credentials.username} answered ${response.status}`);
    }
    return ((await response.json()) as { access_token: string }).access_token;
  }

  function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    return fetch(`${url}${path}`, { method, headers, body });
  }

  async function addUser(tenant: string, email: string, roles: Role[]) {
    const credentials = { tenant, username: email, password: `${email} password` };
    const id = randomUUID();
    await sql(
      `INSERT INTO platform_users (id, tenant_id, email, password_hash, roles)
       SELECT $1, id, $3, $4, $5 FROM tenants WHERE slug = $2`,
      [id, tenant, email, await hashPassword(credentials.password), roles],
    );
    return { id, credentials };
  }

  async function addTenant(slug: string) {
    const tenantId = randomUUID();
    await sql('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $2)', [tenantId, slug]);
    const { credentials } = await addUser(slug, `admin@${slug}.test`, ['admin']);
    return { tenantId, admin: credentials };
  }

  const verifier = () =>
    new JwtVerifier({
      issuers: [
        {
          issuer: url,
          audience: 'codex-api',
          jwksUri: `${url}/.well-known/jwks.json`,
          tenantClaim: 'tenant_id',
          rolesClaim: 'roles',
        },
      ],
    });

  return {
    url,
    sql,
    tokenRequest,
    signIn,
    call,
    addUser,
    addTenant,
    verifier,
    stop: async () => {
      await running.stop();
      await database.drop();
    },
  };
}

/** The body of a problem document, as far as tests look at it. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  error?: string;
  error_description?: string;
}
