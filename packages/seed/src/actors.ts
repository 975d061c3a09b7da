import type { DevIssuer, Role } from '@salesgraph/auth';

export type ApproverRole = 'SALES_MANAGER' | 'COMMERCIAL_DIRECTOR' | 'CEO_BOARD';

/** Who decides an approval level (an AUTO contract needs no one; its nearest tier is named). */
export const approverOf = (level: ApproverRole | 'AUTO'): ApproverRole => (level === 'AUTO' ? 'SALES_MANAGER' : level);

/** Bearer tokens of the people (and the webhook bridge) the seed acts as, in one tenant. */
export interface Actors {
  readonly tenant: string;
  /** A SALES_MANAGER: registers companies and contacts, and reads the summary. */
  manager(): Promise<string>;
  /** A SALES_REP who owns companies and deals (`sub` = the rep id). */
  rep(sub: string): Promise<string>;
  /** The holder of an approval tier, who completes APPROVAL tasks. */
  approver(role: ApproverRole): Promise<string>;
  /** OPERATIONS: activates contracts and enrols beneficiaries. */
  operations(): Promise<string>;
  /** The signature webhook bridge (a tenant caller without roles: the provider's HMAC is the authority). */
  webhook(): Promise<string>;
}

/** The `sub` of each actor, as it shows up in `approvedBy`, `completedBy` and stage history. */
export const actorSubs = {
  manager: 'gerente.comercial',
  SALES_MANAGER: 'gerente.vendas',
  COMMERCIAL_DIRECTOR: 'diretoria.comercial',
  CEO_BOARD: 'conselho.diretoria',
  operations: 'operacoes',
  webhook: 'assinatura.webhook',
} as const;

/** Tokens from the local development issuer (the key file the gateway trusts), cached per actor. */
export function createActors(issuer: Pick<DevIssuer, 'issue'>, tenant: string): Actors {
  const cache = new Map<string, Promise<string>>();
  const token = (sub: string, roles: readonly Role[]) => {
    const key = `${sub}|${roles.join(',')}`;
    let value = cache.get(key);
    if (!value) {
      value = issuer.issue({ tenant, sub, roles, ttlSeconds: 12 * 3600 });
      cache.set(key, value);
    }
    return value;
  };
  return {
    tenant,
    manager: () => token(actorSubs.manager, ['SALES_MANAGER']),
    rep: (sub) => token(sub, ['SALES_REP']),
    approver: (role) => token(actorSubs[role], [role]),
    operations: () => token(actorSubs.operations, ['OPERATIONS']),
    webhook: () => token(actorSubs.webhook, []),
  };
}
