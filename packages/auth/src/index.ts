export {
  Role,
  roles,
  type Identity,
  isManagerOrAbove,
  hasAnyRole,
  canSeePersonalData,
  isThirdPartyClient,
} from './identity.js';
export { IDENTITY_HEADER, signForwardedIdentity, verifyForwardedIdentity } from './forwarded-identity.js';
export { loadOrCreateDevIssuer, DEV_ISSUER, DEV_AUDIENCE, type DevIssuer } from './dev-issuer.js';
export { publicScopes, isPublicScope, satisfiesScopes, type PublicScope } from './scopes.js';
