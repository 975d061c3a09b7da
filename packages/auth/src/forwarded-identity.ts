import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { roles, type Identity, type Role } from './identity.js';

/** The header the gateway sets on every subgraph request; clients' copies are stripped. */
export const IDENTITY_HEADER = 'x-salesgraph-identity';

const ISSUER = 'salesgraph-gateway';
const AUDIENCE = 'salesgraph-subgraphs';
const roleSet: ReadonlySet<string> = new Set(roles);

function keyFrom(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Signs the caller's identity for one subgraph request: HS256 with the shared secret,
 * a short lifetime and a unique id, so a captured header is useless soon after.
 */
export async function signForwardedIdentity(identity: Identity, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({
    tenant: identity.tenant,
    roles: [...identity.roles],
    scope: identity.scopes.join(' '),
    ...(identity.clientId !== undefined ? { client_id: identity.clientId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(keyFrom(secret));
}

/** Returns the identity, or null when the header is missing, forged, expired or malformed. */
export async function verifyForwardedIdentity(token: string | undefined, secret: string): Promise<Identity | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, keyFrom(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
      clockTolerance: 5,
    });
    const tenant = payload['tenant'];
    const claimedRoles = payload['roles'];
    const scope = payload['scope'];
    const clientId = payload['client_id'];
    if (typeof tenant !== 'string' || !tenant || !Array.isArray(claimedRoles)) return null;
    return {
      sub: payload.sub as string,
      tenant,
      roles: claimedRoles.filter((role): role is Role => typeof role === 'string' && roleSet.has(role)),
      scopes: typeof scope === 'string' && scope ? scope.split(' ') : [],
      ...(typeof clientId === 'string' && clientId ? { clientId } : {}),
    };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
