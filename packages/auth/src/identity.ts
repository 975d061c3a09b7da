/** Roles of the sales platform; third-party apps get scopes instead. */
export const roles = [
  'SALES_REP',
  'SALES_MANAGER',
  'COMMERCIAL_DIRECTOR',
  'CEO_BOARD',
  'CUSTOMER_SUCCESS',
  'OPERATIONS',
  'LEGAL_COUNSEL',
  'SYSTEM_ADMIN',
] as const;

export type Role = (typeof roles)[number];
export const Role = Object.fromEntries(roles.map((role) => [role, role])) as { readonly [K in Role]: K };

/** Who is calling, as verified by the gateway from an OIDC access token. */
export interface Identity {
  readonly sub: string;
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly scopes: readonly string[];
  /**
   * Set for a third-party app's client-credentials token (its `client_id`, also its `sub`):
   * scopes, never roles. Such a caller is served on /public/graphql only.
   */
  readonly clientId?: string;
}

/** A third-party app (client credentials), as opposed to a user of an internal app. */
export function isThirdPartyClient(identity: Identity): boolean {
  return identity.clientId !== undefined;
}

const managersAndAbove: ReadonlySet<Role> = new Set([
  'SALES_MANAGER',
  'COMMERCIAL_DIRECTOR',
  'CEO_BOARD',
  'SYSTEM_ADMIN',
]);
const personalDataReaders: ReadonlySet<Role> = new Set(['OPERATIONS', 'LEGAL_COUNSEL', 'SYSTEM_ADMIN']);

export function hasAnyRole(identity: Identity, wanted: Iterable<Role>): boolean {
  const set = new Set(wanted);
  return identity.roles.some((role) => set.has(role));
}

export function isManagerOrAbove(identity: Identity): boolean {
  return hasAnyRole(identity, managersAndAbove);
}

/** CPF, birth dates and contact details are shown in clear only to these roles. */
export function canSeePersonalData(identity: Identity): boolean {
  return hasAnyRole(identity, personalDataReaders);
}
