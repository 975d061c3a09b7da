import { createSubgraphService, type SubgraphAppOptions, type SubgraphService } from '@salesgraph/subgraph';
import type { AccountsConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';

export type AccountsAppOptions = SubgraphAppOptions<AccountsConfig>;

/** Builds the accounts subgraph from its parts; `main.ts` only runs it. */
export async function createAccountsApp(options: AccountsAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'accounts',
    ...options,
    schema: await buildSchema(),
    entities,
    migrations,
    projections,
  });
}
