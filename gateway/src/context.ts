import type { Identity } from '@salesgraph/auth';
import type { DemandTicket } from './quota/demand-control.js';

/** Per request: the caller, verified from the bearer token. */
export interface GatewayContext {
  readonly identity: Identity;
  /**
   * What quota admission drew for this request (src/quota), set before execution so the
   * settling plugin finds it (Apollo hands plugins a copy of the context, not this object).
   */
  demandTicket?: DemandTicket;
}
