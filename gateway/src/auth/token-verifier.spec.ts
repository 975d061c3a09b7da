import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, loadOrCreateDevIssuer, type DevIssuer } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { createTokenVerifier, TokenRejectedError, type RejectionReason, type TokenVerifier } from './token-verifier.js';
import { trustedIssuers } from './trusted-issuers.js';
import {
  hmacSignedToken,
  jwsPart,
  nowSeconds,
  oneMinuteClaims,
  signTestToken,
  unsecuredToken,
} from '../testing/test-tokens.js';

const logger = createLogger('gateway-test', 'silent');

describe('access token verification against the local development issuer', () => {
  let dir: string;
  let keyFile: string;
  let devIssuer: DevIssuer;
  let devKey: CryptoKey;
  let kid: string;
  let verifier: TokenVerifier;

  /** Signs claims with the real dev issuer key (or another key), defaults valid. */
  function sign(
    claims: JWTPayload = {},
    options: { header?: Record<string, unknown>; key?: CryptoKey | Uint8Array; omit?: string[] } = {},
  ): Promise<string> {
    const defaults = { iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: 'rep-1', roles: ['SALES_REP'], lifetimeSeconds: 600 };
    const omitted = Object.fromEntries((options.omit ?? []).map((claim) => [claim, undefined]));
    return signTestToken(defaults, { ...claims, ...omitted }, { kid, ...options.header }, options.key ?? devKey);
  }

  async function rejected(token: string, reason?: RejectionReason): Promise<void> {
    await assert.rejects(verifier.verify(token), (error: unknown) => {
      assert.ok(error instanceof TokenRejectedError, `expected a rejection, got ${String(error)}`);
      if (reason) assert.equal(error.reason, reason);
      return true;
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-verifier-'));
    keyFile = join(dir, 'key.json');
    devIssuer = await loadOrCreateDevIssuer(keyFile);
    const privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    kid = privateJwk.kid!;
    devKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
    verifier = createTokenVerifier(
      await trustedIssuers(
        { NODE_ENV: 'test', OIDC_ISSUERS: [], DEV_ISSUER_ENABLED: true, DEV_ISSUER_KEY_FILE: keyFile },
        logger,
      ),
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a token from `npm run token` and returns the caller with known roles and scopes', async () => {
    const token = await devIssuer.issue({
      tenant: 'acme',
      roles: ['SALES_MANAGER', 'OPERATIONS'],
      sub: 'manager-1',
      scopes: ['deals:read'],
    });
    assert.deepEqual(await verifier.verify(token), {
      sub: 'manager-1',
      tenant: 'acme',
      roles: ['SALES_MANAGER', 'OPERATIONS'],
      scopes: ['deals:read'],
    });
  });

  it('drops roles it does not know instead of refusing the token', async () => {
    const identity = await verifier.verify(await sign({ roles: ['SALES_REP', 'GOD_MODE', 42] }));
    assert.deepEqual(identity.roles, ['SALES_REP']);
  });

  it('tolerates clocks that differ by a few seconds', async () => {
    await verifier.verify(await sign({ exp: nowSeconds() - 2, iat: nowSeconds() - 60 }));
    await verifier.verify(await sign({ iat: nowSeconds() + 3 }));
  });

  it('refuses an expired token', async () => {
    await rejected(await sign({ iat: nowSeconds() - 120, exp: nowSeconds() - 30 }), 'expired');
  });

  it('refuses a token that is not valid yet', async () => {
    await rejected(await sign({ nbf: nowSeconds() + 60 }), 'not_yet_valid');
  });

  it('refuses a token issued in the future', async () => {
    await rejected(await sign({ iat: nowSeconds() + 120 }), 'invalid_claims');
  });

  it('refuses a token from an issuer it does not trust, even when signed with a trusted key', async () => {
    await rejected(await sign({ iss: 'https://evil.example' }), 'untrusted_issuer');
    await rejected(await sign({}, { omit: ['iss'] }), 'untrusted_issuer');
  });

  it('refuses a token for another audience', async () => {
    await rejected(await sign({ aud: 'some-other-api' }), 'invalid_claims');
    await rejected(await sign({}, { omit: ['aud'] }), 'invalid_claims');
  });

  for (const claim of ['exp', 'iat', 'sub', 'tenant']) {
    it(`refuses a token without \`${claim}\``, async () => {
      await rejected(await sign({}, { omit: [claim] }), 'invalid_claims');
    });
  }

  it('refuses a tenant that is not a string id', async () => {
    await rejected(await sign({ tenant: '' }), 'invalid_claims');
    await rejected(await sign({ tenant: ['acme'] }), 'invalid_claims');
    await rejected(await sign({ tenant: "acme' or 1=1 --" }), 'invalid_claims');
  });

  it('refuses a tampered payload (another tenant, original signature)', async () => {
    const [header, , signature] = (await sign()).split('.');
    const payload = jwsPart({
      iss: DEV_ISSUER,
      aud: DEV_AUDIENCE,
      sub: 'rep-1',
      tenant: 'other-tenant',
      roles: ['SYSTEM_ADMIN'],
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
    });
    await rejected(`${header}.${payload}.${signature}`, 'bad_signature');
  });

  it('refuses a token signed with another key under the trusted key id', async () => {
    const attacker = await generateKeyPair('ES256');
    await rejected(await sign({}, { key: attacker.privateKey }), 'bad_signature');
  });

  it('refuses an unsecured token (alg none)', async () => {
    const unsigned = unsecuredToken({ alg: 'none', typ: 'JWT' }, oneMinuteClaims(DEV_ISSUER, DEV_AUDIENCE));
    await rejected(unsigned, 'malformed');
    const withFakeSignature = `${unsigned}AAAA`;
    await rejected(withFakeSignature, 'algorithm_not_allowed');
  });

  it('refuses HS256 signed with the issuer public key as the HMAC secret', async () => {
    const publicKey = (await importJWK(devIssuer.publicJwk, 'ES256')) as CryptoKey;
    for (const secret of [await exportSPKI(publicKey), JSON.stringify(devIssuer.publicJwk)]) {
      const token = hmacSignedToken(
        { alg: 'HS256', kid, typ: 'JWT' },
        oneMinuteClaims(DEV_ISSUER, DEV_AUDIENCE),
        secret,
      );
      await rejected(token, 'algorithm_not_allowed');
    }
  });

  it('refuses an algorithm the issuer does not use (RS256 for an ES256 issuer)', async () => {
    const rsa = await generateKeyPair('RS256');
    await rejected(await sign({}, { key: rsa.privateKey, header: { alg: 'RS256' } }), 'algorithm_not_allowed');
  });

  it('refuses a token that embeds or points at its own key (jwk, jku, x5u, x5c)', async () => {
    const attacker = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(attacker.publicKey);
    await rejected(await sign({}, { key: attacker.privateKey, header: { jwk } }), 'forbidden_header');
    await rejected(
      await sign({}, { key: attacker.privateKey, header: { jku: 'https://evil.example/jwks.json' } }),
      'forbidden_header',
    );
    await rejected(
      await sign({}, { key: attacker.privateKey, header: { x5u: 'https://evil.example/cert.pem' } }),
      'forbidden_header',
    );
    await rejected(await sign({}, { key: attacker.privateKey, header: { x5c: ['MIIB'] } }), 'forbidden_header');
  });

  it('refuses a token whose key id the issuer does not have', async () => {
    await rejected(await sign({}, { header: { kid: 'unknown-kid' } }), 'unknown_key');
  });

  it('refuses strings that are not compact JWS', async () => {
    for (const token of ['', 'not-a-token', 'a.b', 'a.b.c.d', `${jwsPart({ alg: 'ES256' })}.not json.sig`, '....']) {
      await rejected(token, 'malformed');
    }
  });

  it('refuses development issuer tokens in production mode', async () => {
    const production = createTokenVerifier(
      await trustedIssuers(
        { NODE_ENV: 'production', OIDC_ISSUERS: [], DEV_ISSUER_ENABLED: true, DEV_ISSUER_KEY_FILE: keyFile },
        logger,
      ),
    );
    const token = await devIssuer.issue({ tenant: 'acme', roles: ['SYSTEM_ADMIN'] });
    await assert.rejects(
      production.verify(token),
      (error: unknown) => error instanceof TokenRejectedError && error.reason === 'untrusted_issuer',
    );
  });

  describe('remembering verified tokens', () => {
    /** A verifier over the development issuer that counts signature checks (key lookups), on a clock the test moves. */
    async function countingVerifier(options: { rememberSeconds?: number; rememberMax?: number } = {}) {
      let clock = Date.now();
      let checks = 0;
      const issuers = (
        await trustedIssuers(
          { NODE_ENV: 'test', OIDC_ISSUERS: [], DEV_ISSUER_ENABLED: true, DEV_ISSUER_KEY_FILE: keyFile },
          logger,
        )
      ).map((issuer) => ({
        ...issuer,
        keys: {
          ...issuer.keys,
          getKey: (...args: Parameters<typeof issuer.keys.getKey>) => (checks++, issuer.keys.getKey(...args)),
        },
      }));
      const counted = createTokenVerifier(issuers, { ...options, now: () => clock });
      return { verifier: counted, checks: () => checks, advance: (ms: number) => (clock += ms) };
    }

    it('checks a token once, and once for concurrent requests, while it is remembered', async () => {
      const { verifier: counted, checks, advance } = await countingVerifier();
      const token = await sign();
      const identities = await Promise.all([1, 2, 3].map(() => counted.verify(token)));
      for (const identity of identities)
        assert.deepEqual(identity, { sub: 'rep-1', tenant: 'acme', roles: ['SALES_REP'], scopes: [] });
      advance(59_000);
      await counted.verify(token);
      assert.equal(checks(), 1);
      advance(1_000);
      await counted.verify(token);
      assert.equal(checks(), 2, 'checked again after 60 s');
      await counted.verify(await sign({ tenant: 'globex' }));
      assert.equal(checks(), 3, 'another token is checked on its own');
    });

    it('never remembers a token past its expiry, nor a refused token', async () => {
      const { verifier: counted, checks, advance } = await countingVerifier();
      const shortLived = await sign({ exp: nowSeconds() + 10 });
      await counted.verify(shortLived);
      advance(11_000);
      await counted.verify(shortLived);
      assert.equal(checks(), 2);
      const otherKey = (await generateKeyPair('ES256')).privateKey;
      const forged = await sign({}, { key: otherKey });
      for (let i = 0; i < 2; i += 1) await assert.rejects(counted.verify(forged), TokenRejectedError);
      assert.equal(checks(), 4);
    });

    it('checks every time when remembering is off, and forgets the oldest token beyond its bound', async () => {
      const off = await countingVerifier({ rememberSeconds: 0 });
      const token = await sign();
      await off.verifier.verify(token);
      await off.verifier.verify(token);
      assert.equal(off.checks(), 2);
      const bounded = await countingVerifier({ rememberMax: 1 });
      const second = await sign({ sub: 'rep-2' });
      await bounded.verifier.verify(token);
      await bounded.verifier.verify(second);
      await bounded.verifier.verify(token);
      assert.equal(bounded.checks(), 3);
    });
  });
});
