import type { JWTPayload } from 'jose';
import { isPublicScope, roles as knownRoles, type Identity, type Role } from '@salesgraph/auth';

/** Tenant ids are opaque but bounded: they travel in headers, logs and SQL parameters. */
export const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const roleSet: ReadonlySet<string> = new Set(knownRoles);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && roleSet.has(value);
}

/** `roles` as an array (or a space-separated string); anything not a known role is dropped. */
function rolesFrom(claim: unknown): Role[] {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  return [...new Set(values.filter(isRole))];
}

/** `scope` as the OAuth space-separated string (or an array, as some issuers send it). */
function scopesFrom(claim: unknown): string[] {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  return [...new Set(values.filter((scope): scope is string => typeof scope === 'string' && scope.length > 0))];
}

/**
 * The client of a client-credentials token (RFC 9068: `sub` is the client itself, named by
 * `client_id`, or `azp`), when the token carries no roles; undefined for a user's token.
 */
function clientOf(payload: JWTPayload): string | undefined {
  const client = payload['client_id'] ?? payload['azp'];
  if (typeof client !== 'string' || client !== payload.sub) return undefined;
  const roles = payload['roles'];
  const hasRoles = Array.isArray(roles) ? roles.length > 0 : typeof roles === 'string' && roles.trim() !== '';
  return hasRoles ? undefined : client;
}

/**
 * The verified claims of an access token -> who is calling, or the name of the claim that
 * is missing or malformed. `sub` and `tenant` are required; roles and scopes may be empty.
 * A third-party app's token (client credentials, no roles) must name only scopes of the
 * public API (DOMAIN.md): anything else is refused, never dropped.
 */
export function identityFromClaims(payload: JWTPayload): Identity | { invalidClaim: string } {
  const { sub } = payload;
  const tenant = payload['tenant'];
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) return { invalidClaim: 'sub' };
  if (typeof tenant !== 'string' || !tenantPattern.test(tenant)) return { invalidClaim: 'tenant' };
  const scopes = scopesFrom(payload['scope']);
  const clientId = clientOf(payload);
  if (clientId === undefined) return { sub, tenant, roles: rolesFrom(payload['roles']), scopes };
  if (payload['scope'] !== undefined && typeof payload['scope'] !== 'string') return { invalidClaim: 'scope' };
  if (!scopes.every(isPublicScope)) return { invalidClaim: 'scope' };
  return { sub, tenant, roles: [], scopes, clientId };
}
