/**
 * The scopes of the public API (DOMAIN.md, "Public API"): what each one opens to a
 * third-party client. Declared on fields with federation's `@requiresScopes`; checked by the
 * gateway before planning and again by the subgraphs.
 */
export const publicScopes = {
  'companies:read': 'Read companies (`company`, `companies`): no contacts.',
  'companies:write': 'Create and update companies (`createCompany`, `updateCompany`).',
  'deals:read': 'Read deals (`deal`, `deals`), the phase of their process, and `dealChanged`.',
  'deals:write': 'Create, update, score and move deals (`createDeal`, `updateDeal`, `scoreDeal`, `moveDealStage`).',
  'pipeline:read': 'Read the pipeline board and the forecast (`pipeline`, `forecast`, `pipelineChanged`).',
  'contracts:read':
    'Read contracts (`contract`, `contracts`): number, status, plan, lives, values, dates, signature status; `contractStatusChanged`.',
  'intake:pyxis': 'Send Pyxis sales orders to the intake endpoint (not GraphQL).',
  'intake:tempo': 'Send Tempo sales orders to the intake endpoint (not GraphQL).',
} as const;

export type PublicScope = keyof typeof publicScopes;

const scopeSet: ReadonlySet<string> = new Set(Object.keys(publicScopes));

export function isPublicScope(value: string): value is PublicScope {
  return scopeSet.has(value);
}

/**
 * `@requiresScopes(scopes: [[a, b], [c]])` semantics: satisfied when every scope of at least
 * one inner list is held (OR of ANDs). An empty requirement is always satisfied.
 */
export function satisfiesScopes(held: readonly string[], required: readonly (readonly string[])[]): boolean {
  if (required.length === 0) return true;
  return required.some((all) => all.every((scope) => held.includes(scope)));
}
