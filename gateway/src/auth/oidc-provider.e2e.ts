import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { IDENTITY_HEADER, loadOrCreateDevIssuer, verifyForwardedIdentity } from '@salesgraph/auth';
import { TEST_IDENTITY_SECRET, graphqlRequest } from '@salesgraph/testkit';
import { routeSubgraphs, startGatewayProcess, type GatewayProcess } from '../testing/gateway-process.js';
import {
  API_AUDIENCE,
  OTHER_RESOURCE,
  RS256_RESOURCE,
  startOidcTestIssuer,
  type OidcTestIssuer,
} from '@salesgraph/testkit';
import { startRecordingSubgraph, type RecordingSubgraph } from '../testing/recording-subgraph.js';
import {
  hmacSignedToken,
  jwsPart,
  nowSeconds,
  oneMinuteClaims,
  signTestToken,
  unsecuredToken,
} from '../testing/test-tokens.js';

const query = 'query Company($id: ID!) { company(id: $id) { id legalName } }';
const variables = { id: '0b6b4a3e-8f0d-4a43-9b1a-2c4e5f6a7b8c' };

/**
 * A real OpenID Provider (oidc-provider over https with a self-signed certificate) in front of
 * the real gateway process in production mode, which finds the provider's keys through
 * /.well-known/openid-configuration. Tokens the provider issues work; forged and broken ones
 * are refused with 401 and never reach the (recording) subgraph.
 */
describe('the gateway trusting a real OpenID provider (production mode)', () => {
  let dir: string;
  let oidc: OidcTestIssuer;
  let subgraph: RecordingSubgraph;
  let gateway: GatewayProcess | undefined;
  let attacker: { jwk: JWK; key: CryptoKey };

  /** A token signed with the provider's real ES256 key (or `key`), claims and header adjustable. */
  function sign(claims: JWTPayload = {}, header: Record<string, unknown> = {}, key = oidc.signingKeys.es256) {
    const defaults = {
      iss: oidc.issuer,
      aud: API_AUDIENCE,
      sub: 'field-app',
      roles: ['SALES_MANAGER'],
      lifetimeSeconds: 300,
    };
    return signTestToken(defaults, claims, { kid: key.jwk.kid, ...header }, key.key);
  }

  const ask = (token: string) => graphqlRequest(gateway!.url, query, variables, { authorization: `Bearer ${token}` });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-oidc-'));
    oidc = await startOidcTestIssuer(dir);
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company: null } } }));
    const pair = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(pair.privateKey)), kid: 'attacker', alg: 'ES256' };
    attacker = { jwk, key: (await importJWK(jwk, 'ES256')) as CryptoKey };
    gateway = await startGatewayProcess({
      NODE_ENV: 'production',
      ...oidc.gatewayEnv,
      SUBGRAPH_URLS: routeSubgraphs(subgraph.url),
    });
  });

  after(async () => {
    await gateway?.service.stop();
    await subgraph?.close();
    await oidc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const forgeries: [string, () => Promise<string>][] = [
    [
      'with alg "none" and no signature',
      async () => unsecuredToken({ alg: 'none', typ: 'at+jwt' }, oneMinuteClaims(oidc.issuer, API_AUDIENCE)),
    ],
    [
      "signed HS256 with the provider's public key (PEM) as the secret",
      async () => {
        const header = { alg: 'HS256', typ: 'at+jwt', kid: oidc.signingKeys.es256.jwk.kid };
        const { d: _d, ...publicJwk } = oidc.signingKeys.es256.jwk;
        const pem = await exportSPKI((await importJWK(publicJwk, 'ES256')) as CryptoKey);
        return hmacSignedToken(header, oneMinuteClaims(oidc.issuer, API_AUDIENCE), pem);
      },
    ],
    [
      "signed HS256 with the provider's public JWK as the secret",
      async () => {
        const { d: _d, ...publicJwk } = oidc.signingKeys.es256.jwk;
        const claims = oneMinuteClaims(oidc.issuer, API_AUDIENCE);
        return hmacSignedToken({ alg: 'HS256', typ: 'at+jwt' }, claims, JSON.stringify(publicJwk));
      },
    ],
    ['signed by another key under an unknown kid', () => sign({}, {}, attacker)],
    [
      "signed by another key under the provider's kid",
      () => sign({}, { kid: oidc.signingKeys.es256.jwk.kid }, attacker),
    ],
    ['that expired', () => sign({ iat: nowSeconds() - 900, exp: nowSeconds() - 600 })],
    ['that is not valid yet', () => sign({ nbf: nowSeconds() + 600 })],
    ['issued in the future', () => sign({ iat: nowSeconds() + 600, exp: nowSeconds() + 900 })],
    ["of another issuer, signed with the provider's key", () => sign({ iss: 'https://login.attacker.example' })],
    ['the provider issued for another resource server (audience)', () => oidc.accessToken('field-app', OTHER_RESOURCE)],
    ['the provider issued to a client without a tenant claim', () => oidc.accessToken('tenantless-app')],
    ['with a malformed tenant claim', () => sign({ tenant: "acme' OR '1'='1" })],
    [
      'the provider issued, with its payload changed to another tenant',
      async () => {
        const [header, payload, signature] = (await oidc.accessToken('field-app')).split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as JWTPayload;
        return `${header}.${jwsPart({ ...claims, tenant: 'victim', roles: ['SYSTEM_ADMIN'] })}.${signature}`;
      },
    ],
    ['with a truncated signature', async () => (await oidc.accessToken('field-app')).slice(0, -10)],
    [
      'embedding the key to verify it with (jwk header)',
      () => sign({}, { jwk: { ...attacker.jwk, d: undefined } }, attacker),
    ],
    [
      'pointing at a key set to fetch (jku header)',
      () => sign({}, { jku: 'https://attacker.example/jwks.json' }, attacker),
    ],
    [
      'pointing at a certificate to fetch (x5u header)',
      () => sign({}, { x5u: 'https://attacker.example/cert.pem' }, attacker),
    ],
    ['carrying a certificate chain (x5c header)', () => sign({}, { x5c: ['MIIBAAAA'] }, attacker)],
    ['without a subject', () => sign({ sub: undefined })],
    ['without an expiry', () => sign({ exp: undefined })],
    ['typed JWT rather than at+jwt (an ID token shape)', () => sign({}, { typ: 'JWT' })],
    [
      'the provider signed RS256, an algorithm this issuer is not pinned to',
      () => oidc.accessToken('field-app', RS256_RESOURCE),
    ],
    [
      'of the local development issuer, which production mode does not trust',
      async () =>
        (await loadOrCreateDevIssuer(join(dir, 'dev-issuer.json'))).issue({ tenant: 'acme', roles: ['SYSTEM_ADMIN'] }),
    ],
  ];

  for (const [description, forge] of forgeries) {
    it(`refuses a token ${description} with 401`, async () => {
      const response = await ask(await forge());
      assert.equal(response.status, 401);
      assert.deepEqual(
        response.errors?.map((error) => error.extensions?.['code']),
        ['UNAUTHENTICATED'],
      );
      assert.equal(response.data, undefined);
    });
  }

  it(`let none of the ${forgeries.length} refused tokens reach a subgraph`, async () => {
    assert.ok(forgeries.length >= 15);
    assert.equal(subgraph.received.length, 0);
    assert.equal(await gateway!.subgraphRequests(), 0);
    const metrics = await gateway!.metrics();
    const reasons = [...metrics.matchAll(/^salesgraph_gateway_auth_rejected_total\{reason="([a-z_]+)"\} (\d+)$/gm)];
    assert.equal(
      reasons.reduce((sum, [, , count]) => sum + Number(count), 0),
      forgeries.length,
    );
    const seen = new Set(reasons.map(([, reason]) => reason));
    for (const reason of [
      'malformed',
      'forbidden_header',
      'algorithm_not_allowed',
      'untrusted_issuer',
      'unknown_key',
      'bad_signature',
      'expired',
      'not_yet_valid',
      'invalid_claims',
    ]) {
      assert.ok(seen.has(reason), `no token was refused as ${reason}: ${[...seen].join(', ')}`);
    }
  });

  it('accepts an access token the provider issues and forwards its identity to the subgraph', async () => {
    const token = await oidc.accessToken('field-app');
    const response = await ask(token);
    assert.equal(response.status, 200, JSON.stringify(response.errors));
    assert.deepEqual(response.data, { company: null });
    assert.equal(subgraph.received.length, 1);
    const forwarded = subgraph.received[0]!.headers[IDENTITY_HEADER] as string;
    assert.deepEqual(await verifyForwardedIdentity(forwarded, TEST_IDENTITY_SECRET), {
      sub: 'field-app',
      tenant: 'acme',
      roles: ['SALES_MANAGER'],
      scopes: ['deals:read'],
    });
    assert.equal(await gateway!.subgraphRequests(), 1);
  });
});
