import type { z } from 'zod';
import { parseConfig } from '@salesgraph/config';
import type { MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { SubgraphService } from '@salesgraph/subgraph';
import { createAccountsApp } from '@salesgraph/accounts/app';
import { accountsEnv } from '@salesgraph/accounts/config';
import { createDealsApp } from '@salesgraph/deals/app';
import { dealsEnv } from '@salesgraph/deals/config';
import { createContractsApp } from '@salesgraph/contracts/app';
import { contractsEnv } from '@salesgraph/contracts/config';
import { createBeneficiariesApp } from '@salesgraph/beneficiaries/app';
import { beneficiariesEnv } from '@salesgraph/beneficiaries/config';
import { createWorkflowsApp } from '@salesgraph/workflows/app';
import { workflowsEnv } from '@salesgraph/workflows/config';
import { createIntakeApp } from '@salesgraph/intake/app';
import { intakeEnv } from '@salesgraph/intake/config';

/** What every subgraph app factory takes: its parsed config, a logger and the shared bus. */
type AppFactory<C> = (options: {
  readonly config: C;
  readonly logger: Logger;
  readonly bus?: MessageBus;
}) => Promise<SubgraphService>;

export interface SubgraphDefinition {
  readonly name: string;
  /** Parses the subgraph's own env schema from `env`, then builds the app. */
  create(env: Record<string, string>, logger: Logger, bus: MessageBus): Promise<SubgraphService>;
}

function define<S extends z.ZodType>(name: string, schema: S, factory: AppFactory<z.output<S>>): SubgraphDefinition {
  return {
    name,
    create: (env, logger, bus) => factory({ config: parseConfig(schema, env) as z.output<S>, logger, bus }),
  };
}

/**
 * The six subgraphs, each built by its own app factory from its own config schema — the code
 * `main.ts` runs in production, here given the embedded database URL and the shared bus.
 */
export const subgraphDefinitions: readonly SubgraphDefinition[] = [
  define('accounts', accountsEnv, createAccountsApp),
  define('deals', dealsEnv, createDealsApp),
  define('contracts', contractsEnv, createContractsApp),
  define('beneficiaries', beneficiariesEnv, createBeneficiariesApp),
  define('workflows', workflowsEnv, createWorkflowsApp),
  define('intake', intakeEnv, createIntakeApp),
];
