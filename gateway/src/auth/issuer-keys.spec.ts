import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { waitFor } from '@salesgraph/testkit';
import { KeysUnavailableError, remoteIssuerKeys, type RemoteIssuerKeysOptions } from './issuer-keys.js';
import { createTokenVerifier, TokenRejectedError, type TokenVerifier } from './token-verifier.js';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function signingKey(): Promise<SigningKey> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return {
    kid,
    privateKey: pair.privateKey,
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

/**
 * A minimal OIDC issuer over real HTTP: a discovery document and a JWKS endpoint whose
 * keys and availability the test controls, counting the JWKS fetches.
 */
describe('issuer keys from OIDC discovery and a remote JWKS', () => {
  let server: Server;
  let issuer: string;
  let keys: SigningKey[] = [];
  let jwksUp = true;
  let discoveryIssuer: string | undefined;
  let jwksFetches = 0;

  const token = (key: SigningKey, claims: Record<string, unknown> = {}) =>
    new SignJWT({ tenant: 'acme', roles: ['SALES_REP'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(issuer)
      .setAudience('salesgraph')
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key.privateKey);

  // Every verification looks its key up (RS256 tokens signed in the same second are equal, and the verifier would remember them).
  const verifierWith = (options: Partial<RemoteIssuerKeysOptions> = {}): TokenVerifier =>
    createTokenVerifier(
      [
        {
          issuer,
          audience: ['salesgraph'],
          algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
          keys: remoteIssuerKeys({ issuer, ...options }),
        },
      ],
      { rememberSeconds: 0 },
    );

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: discoveryIssuer ?? issuer, jwks_uri: `${issuer}/jwks` }));
      } else if (req.url === '/jwks') {
        jwksFetches += 1;
        if (!jwksUp) {
          res.writeHead(503).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(async () => {
    keys = [await signingKey()];
    jwksUp = true;
    discoveryIssuer = undefined;
    jwksFetches = 0;
  });

  it("finds the JWKS through discovery and verifies the issuer's tokens", async () => {
    const verifier = verifierWith();
    const identity = await verifier.verify(await token(keys[0]!));
    assert.deepEqual(identity, { sub: 'user-1', tenant: 'acme', roles: ['SALES_REP'], scopes: [] });
  });

  it('uses a configured jwksUri without discovery', async () => {
    discoveryIssuer = 'https://not-this-one.example';
    const verifier = verifierWith({ jwksUri: `${issuer}/jwks` });
    await verifier.verify(await token(keys[0]!));
  });

  it('refuses a discovery document that names another issuer', async () => {
    discoveryIssuer = 'https://impostor.example';
    await assert.rejects(verifierWith().verify(await token(keys[0]!)), KeysUnavailableError);
  });

  it('fetches the keys once and serves later verifications from the cache', async () => {
    const verifier = verifierWith();
    for (let i = 0; i < 20; i += 1) await verifier.verify(await token(keys[0]!));
    assert.equal(jwksFetches, 1);
  });

  it('keeps verifying with the cached keys while the JWKS endpoint is down', async () => {
    const verifier = verifierWith({ refreshMs: 0, cooldownMs: 60_000 });
    await verifier.verify(await token(keys[0]!));
    jwksUp = false;
    for (let i = 0; i < 5; i += 1) await verifier.verify(await token(keys[0]!));
    // One background refresh was tried and failed; the failure's cooldown stops further tries.
    assert.equal(jwksFetches, 2);
  });

  it('fails with KeysUnavailableError (not a token error) when no keys could ever be fetched', async () => {
    jwksUp = false;
    await assert.rejects(verifierWith().verify(await token(keys[0]!)), KeysUnavailableError);
  });

  it('refetches for an unknown key id at most once per cooldown, and then accepts the rotated key', async () => {
    const rotated = await signingKey();
    const fresh = await token(rotated);
    const verifier = verifierWith({ cooldownMs: 1_000 });
    await verifier.verify(await token(keys[0]!));
    keys = [keys[0]!, rotated];
    for (let i = 0; i < 10; i += 1) {
      await assert.rejects(
        verifier.verify(fresh),
        (error: unknown) => error instanceof TokenRejectedError && error.reason === 'unknown_key',
      );
    }
    assert.equal(jwksFetches, 1, 'no refetch inside the cooldown');
    await waitFor(() => verifier.verify(fresh).then(() => true), {
      timeoutMs: 5_000,
      intervalMs: 100,
      description: 'the rotated key to be fetched',
    });
    assert.ok(jwksFetches <= 3, `fetched ${jwksFetches} times`);
  });

  it('refuses an unknown key id without asking the issuer again inside the cooldown', async () => {
    const stranger = await token(await signingKey());
    const verifier = verifierWith({ cooldownMs: 60_000 });
    await verifier.verify(await token(keys[0]!));
    for (let i = 0; i < 10; i += 1) await assert.rejects(verifier.verify(stranger), TokenRejectedError);
    assert.equal(jwksFetches, 1);
  });
});
