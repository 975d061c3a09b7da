import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { publicScopes } from '@salesgraph/auth';

export const API_AUDIENCE = 'salesgraph';
export const API_RESOURCE = 'urn:salesgraph:api';
/** Same audience, but its tokens are signed RS256 (the gateway pins ES256 for this issuer). */
export const RS256_RESOURCE = 'urn:salesgraph:api-rs256';
/** A resource server that is not the graph: its tokens carry another audience. */
export const OTHER_RESOURCE = 'urn:billing:api';

/** A client of the test provider: the claims its tokens carry, and the scopes it may ask for. */
export interface OidcTestClient {
  readonly claims: Record<string, unknown>;
  /** Space-separated; defaults to `deals:read`. */
  readonly scope?: string;
}

/** Clients every test provider has (internal apps' service tokens, with roles). */
const defaultClients: Record<string, OidcTestClient> = {
  'field-app': { claims: { tenant: 'acme', roles: ['SALES_MANAGER', 'NOT_A_ROLE'] } },
  'tenantless-app': { claims: { roles: ['SALES_REP'] } },
};
export const CLIENT_SECRET = 'a-client-secret-for-tests-only-0123456789';

export interface OidcTestIssuer {
  /** `https://127.0.0.1:<port>`, exactly as tokens carry it in `iss`. */
  readonly issuer: string;
  /** The self-signed certificate of the provider's TLS endpoint (for NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** The provider's signing keys, private parts included: tests forge with them. */
  readonly signingKeys: { readonly es256: { jwk: JWK; key: CryptoKey }; readonly rs256: { jwk: JWK; key: CryptoKey } };
  /** An access token from the token endpoint (client_credentials, resource indicator, JWT format). */
  accessToken(clientId: string, resource?: string, scope?: string): Promise<string>;
  /**
   * The gateway environment that trusts this provider (its certificate, and it as the one
   * OIDC issuer of API_AUDIENCE, ES256 `at+jwt` access tokens).
   */
  readonly gatewayEnv: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

async function signingKey(alg: 'ES256' | 'RS256'): Promise<{ jwk: JWK; key: CryptoKey }> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const jwk = {
    ...(await exportJWK(pair.privateKey)),
    kid: `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`,
    alg,
    use: 'sig',
  };
  return { jwk, key: (await importJWK(jwk, alg)) as CryptoKey };
}

/**
 * A real OpenID Provider (`oidc-provider`) on https://127.0.0.1 with a self-signed certificate
 * made by openssl in `dir`. It issues JWT access tokens (RFC 9068, `typ: at+jwt`) through the
 * client_credentials grant with resource indicators; `extraTokenClaims` adds `tenant` and
 * `roles`. Discovery is served at /.well-known/openid-configuration. `clients` adds clients
 * (third-party apps: a tenant, no roles, the public API's scopes).
 */
export async function startOidcTestIssuer(
  dir: string,
  clients: Readonly<Record<string, OidcTestClient>> = {},
): Promise<OidcTestIssuer> {
  const allClients = { ...defaultClients, ...clients };
  const keyFile = join(dir, 'tls-key.pem');
  const caFile = join(dir, 'tls-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      caFile,
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );

  const es256 = await signingKey('ES256');
  const rs256 = await signingKey('RS256');
  let handler: ((req: never, res: never) => Promise<void> | void) | undefined;
  const server: Server = createServer(
    { key: readFileSync(keyFile), cert: readFileSync(caFile) },
    (req, res) => void handler?.(req as never, res as never),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const issuer = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const resourceServers: Record<string, { audience: string; alg: 'ES256' | 'RS256' }> = {
    [API_RESOURCE]: { audience: API_AUDIENCE, alg: 'ES256' },
    [RS256_RESOURCE]: { audience: API_AUDIENCE, alg: 'RS256' },
    [OTHER_RESOURCE]: { audience: 'billing', alg: 'ES256' },
  };
  const provider = new Provider(issuer, {
    clients: Object.entries(allClients).map(([clientId, client]) => ({
      client_id: clientId,
      scope: client.scope ?? 'deals:read',
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [es256.jwk, rs256.jwk] },
    scopes: Object.keys(publicScopes),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContextWithOIDC, resource: string) => {
          const server = resourceServers[resource];
          if (!server) throw new Error(`unknown resource ${resource}`);
          return {
            scope: Object.keys(publicScopes).join(' '),
            audience: server.audience,
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: server.alg } },
          };
        },
      },
    },
    extraTokenClaims: (_ctx: KoaContextWithOIDC, token: { clientId?: string }) =>
      allClients[token.clientId ?? '']?.claims ?? {},
  });
  handler = provider.callback();

  return {
    issuer,
    caFile,
    signingKeys: { es256, rs256 },
    gatewayEnv: {
      NODE_EXTRA_CA_CERTS: caFile,
      OIDC_ISSUERS: JSON.stringify([{ issuer, audience: API_AUDIENCE, algorithms: ['ES256'], typ: 'at+jwt' }]),
    },
    async accessToken(clientId, resource = API_RESOURCE, scope = allClients[clientId]?.scope ?? 'deals:read') {
      const form = new URLSearchParams({ grant_type: 'client_credentials', resource, scope }).toString();
      // node:https rather than fetch: this process does not trust the self-signed certificate globally.
      const text = await new Promise<string>((resolve, reject) => {
        const outgoing = request(
          `${issuer}/token`,
          {
            method: 'POST',
            ca: readFileSync(caFile),
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              authorization: `Basic ${Buffer.from(`${clientId}:${CLIENT_SECRET}`).toString('base64')}`,
            },
          },
          (response) => {
            let raw = '';
            response.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
            response.on('end', () => resolve(raw));
          },
        );
        outgoing.on('error', reject);
        outgoing.end(form);
      });
      const body = JSON.parse(text) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token endpoint: ${body.error ?? ''} ${body.error_description ?? ''}`);
      return body.access_token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
