// Entra ID (v2.0 endpoints) for the client-credentials grant: OIDC discovery,
// instance discovery, JWKS and the token endpoint. Tokens are RS256 JWTs that
// the ARM side verifies (signature, expiry, audience). A client proves itself with
// its secret or with a client assertion (RFC 7523) signed by a certificate
// registered for it.
import {
  constants,
  createHash,
  createPublicKey,
  createSign,
  createVerify,
  randomUUID,
  verify as verifySignature,
} from 'node:crypto';

import { CLIENTS, TENANT_ID } from './estate.mjs';

const b64url = (v) =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const TOKEN_LIFETIME_S = 3600;

export const DEFAULT_AUDIENCES = [
  'https://management.azure.com/',
  'https://management.azure.com',
  'https://management.core.windows.net/',
];

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Leeway for the assertion's nbf and exp, as Entra allows some clock skew. */
const ASSERTION_SKEW_S = 300;

const thumbprints = (certificate) => ({
  sha1: createHash('sha1').update(certificate.raw).digest('base64url'),
  sha256: createHash('sha256').update(certificate.raw).digest('base64url'),
});

/**
 * `clientCertificates`: client id → the X509Certificates registered for it (a client
 * assertion must be signed by the key of one of them, named by its x5t or x5t#S256).
 */
export function createEntra({
  privateKeyPem,
  baseUrl,
  audiences = DEFAULT_AUDIENCES,
  clientCertificates = new Map(),
}) {
  const publicKey = createPublicKey(privateKeyPem);
  const kid = 'sandbox-1';
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };

  const issuer = (tenant) => `${baseUrl()}/${tenant}/v2.0`;

  function sign(claims) {
    const input = `${b64url({ typ: 'JWT', alg: 'RS256', kid })}.${b64url(claims)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(privateKeyPem, 'base64url');
    return `${input}.${signature}`;
  }

  /** The claims of a valid ARM token, or an ARM error {status, code, message}. */
  function verify(authorization) {
    const fail = (code, message) => ({ error: { status: 401, code, message } });
    if (!authorization) {
      return fail(
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      );
    }
    const m = /^Bearer\s+([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization);
    if (!m) {
      return fail(
        'InvalidAuthenticationToken',
        'The access token is invalid. Authentication failed. The Authorization header is not a valid Bearer token.',
      );
    }
    const ok = createVerify('RSA-SHA256')
      .update(`${m[1]}.${m[2]}`)
      .verify(publicKey, Buffer.from(m[3], 'base64url'));
    if (!ok)
      return fail('InvalidAuthenticationToken', 'The access token has an invalid signature.');
    const claims = JSON.parse(Buffer.from(m[2], 'base64url').toString());
    if (claims.exp * 1000 < Date.now()) {
      return fail(
        'ExpiredAuthenticationToken',
        'The access token expiry UTC time is earlier than current UTC time.',
      );
    }
    if (!audiences.includes(claims.aud)) {
      return fail(
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences '${audiences.join("','")}'.`,
      );
    }
    return { claims };
  }

  const aadError = (status, error, aadsts, description) => ({
    status,
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [aadsts],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      error_uri: `${baseUrl()}/error?code=${aadsts}`,
    },
  });

  function secretRefusal(client, form) {
    const secret = form.get('client_secret');
    if (secret === null) {
      return aadError(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    if (client.secret === undefined || secret !== client.secret) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
      );
    }
    return null;
  }

  /** Checks a jwt-bearer client assertion as Entra does; null when it proves the client. */
  function assertionRefusal(tenant, client, form) {
    const { clientId } = client;
    const malformed = (why) =>
      aadError(400, 'invalid_request', 50027, `JWT token is invalid or malformed: ${why}.`);
    if (form.get('client_assertion_type') !== JWT_BEARER) {
      return aadError(
        400,
        'invalid_request',
        7000219,
        `The client_assertion_type must be '${JWT_BEARER}'.`,
      );
    }
    const parts = /^([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(form.get('client_assertion') ?? '');
    if (!parts) return malformed('expected header.payload.signature');
    let header;
    let claims;
    try {
      header = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
      claims = JSON.parse(Buffer.from(parts[2], 'base64url').toString());
    } catch {
      return malformed('the header or the payload is not JSON');
    }
    if (header.alg !== 'RS256' && header.alg !== 'PS256') {
      return malformed(`unsupported signing algorithm '${header.alg}' (RS256 or PS256)`);
    }
    const named = header['x5t#S256'] ?? header.x5t;
    if (typeof named !== 'string') return malformed('the header names no x5t or x5t#S256');
    const certificate = (clientCertificates.get(clientId) ?? []).find((candidate) => {
      const known = thumbprints(candidate);
      return header['x5t#S256'] ? known.sha256 === named : known.sha1 === named;
    });
    if (!certificate) {
      const hex = Buffer.from(named, 'base64url').toString('hex').toUpperCase();
      return aadError(
        401,
        'invalid_client',
        700027,
        `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${hex}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
      );
    }
    const signed = Buffer.from(`${parts[1]}.${parts[2]}`);
    const signature = Buffer.from(parts[3], 'base64url');
    const key =
      header.alg === 'PS256'
        ? {
            key: certificate.publicKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: constants.RSA_PSS_SALTLEN_AUTO,
          }
        : certificate.publicKey;
    if (!verifySignature('sha256', signed, key, signature)) {
      return aadError(
        401,
        'invalid_client',
        700027,
        'Client assertion failed signature validation.',
      );
    }
    if (claims.iss !== clientId || claims.sub !== clientId) {
      return aadError(
        401,
        'invalid_client',
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter.",
      );
    }
    const endpoints = [tenant, TENANT_ID].map((t) => `${baseUrl()}/${t}/oauth2/v2.0/token`);
    if (
      !endpoints.some((endpoint) => endpoint.toLowerCase() === String(claims.aud).toLowerCase())
    ) {
      return aadError(
        401,
        'invalid_client',
        700212,
        `The client assertion's audience '${claims.aud}' is not the token endpoint '${endpoints[0]}'.`,
      );
    }
    const now = Math.floor(Date.now() / 1000);
    if (
      typeof claims.exp !== 'number' ||
      claims.exp + ASSERTION_SKEW_S < now ||
      (typeof claims.nbf === 'number' && claims.nbf - ASSERTION_SKEW_S > now)
    ) {
      return aadError(
        401,
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range. Current time: ${new Date(now * 1000).toISOString()}, expiry time of assertion ${typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : 'missing'}.`,
      );
    }
    return null;
  }

  function token(tenant, form) {
    if (tenant !== TENANT_ID && tenant !== 'organizations') {
      return aadError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return aadError(
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type. The sandbox supports client_credentials only.',
      );
    }
    const clientId = form.get('client_id');
    const client = CLIENTS.find((c) => c.clientId === clientId);
    if (!client) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory 'Codex Sandbox'.`,
      );
    }
    const refused = form.has('client_assertion')
      ? assertionRefusal(tenant, client, form)
      : secretRefusal(client, form);
    if (refused) return refused;
    const scope = (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
    if (!scope) {
      return aadError(400, 'invalid_scope', 1002012, 'The provided value for scope is not valid.');
    }
    const aud = scope.slice(0, -'.default'.length);
    const now = Math.floor(Date.now() / 1000);
    const accessToken = sign({
      aud,
      iss: issuer(TENANT_ID),
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_S,
      appid: clientId,
      azp: clientId,
      oid: clientId,
      sub: clientId,
      tid: TENANT_ID,
      idtyp: 'app',
      ver: '2.0',
    });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_S,
        ext_expires_in: TOKEN_LIFETIME_S,
        access_token: accessToken,
      },
    };
  }

  function openidConfiguration(tenant) {
    const base = `${baseUrl()}/${tenant}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuer(tenant),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${baseUrl()}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'ver', 'oid'],
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    };
  }

  function instanceDiscovery() {
    const host = new URL(baseUrl()).host;
    return {
      tenant_discovery_endpoint: `${baseUrl()}/${TENANT_ID}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  }

  return {
    verify,
    token,
    openidConfiguration,
    instanceDiscovery,
    jwks: () => ({ keys: [jwk] }),
  };
}
