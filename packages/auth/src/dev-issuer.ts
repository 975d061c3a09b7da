import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import type { Role } from './identity.js';

export const DEV_ISSUER = 'urn:salesgraph:dev-issuer';
export const DEV_AUDIENCE = 'salesgraph';

export interface DevIssuer {
  readonly issuer: string;
  readonly publicJwk: JWK;
  /** A user's token (roles), or with `clientId` a third-party app's client-credentials token (no roles). */
  issue(claims: {
    sub?: string;
    tenant: string;
    roles?: readonly Role[];
    scopes?: readonly string[];
    clientId?: string;
    ttlSeconds?: number;
  }): Promise<string>;
}

/**
 * The local development issuer: an ES256 key pair kept in a file so the gateway and
 * `npm run token` agree. The gateway accepts it only outside production mode.
 */
export async function loadOrCreateDevIssuer(keyFile: string): Promise<DevIssuer> {
  let privateJwk: JWK;
  if (existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  } else {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(pair.privateKey)), kid: randomUUID(), alg: 'ES256' };
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const key = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  return {
    issuer: DEV_ISSUER,
    publicJwk: { ...publicJwk, use: 'sig' },
    async issue({ sub, tenant, roles = [], scopes = [], clientId, ttlSeconds = 8 * 3600 }) {
      // Client credentials (RFC 9068): `sub` is the client, `client_id` names it, no roles.
      const claims =
        clientId !== undefined
          ? { tenant, scope: scopes.join(' '), client_id: clientId }
          : { tenant, roles: [...roles], scope: scopes.join(' ') };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid, typ: 'at+jwt' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(clientId ?? sub ?? `dev-${randomUUID().slice(0, 8)}`)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .setJti(randomUUID())
        .sign(key);
    },
  };
}
