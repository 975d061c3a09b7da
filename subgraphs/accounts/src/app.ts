import { createSubgraphService, type SubgraphService } from '@salesgraph/subgraph';
import type { MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { AccountsConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';

export interface AccountsAppOptions {
  readonly config: AccountsConfig;
  readonly logger: Logger;
  readonly bus?: MessageBus;
  readonly onQuery?: (sql: string) => void;
}

/** Builds the accounts subgraph from its parts; `main.ts` only runs it. */
export async function createAccountsApp(options: AccountsAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'accounts',
    config: options.config,
    schema: await buildSchema(),
    entities,
    migrations,
    projections,
    logger: options.logger,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
