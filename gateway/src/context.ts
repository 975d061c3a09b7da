import type { Identity } from '@salesgraph/auth';

/** Per request: the caller, verified from the bearer token. */
export interface GatewayContext {
  readonly identity: Identity;
}
