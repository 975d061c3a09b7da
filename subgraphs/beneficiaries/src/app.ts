import { createSubgraphService, type SubgraphService } from '@salesgraph/subgraph';
import type { MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { BeneficiariesConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';
import { registerBeneficiaryMetrics } from './beneficiary/beneficiary.metrics.js';

export interface BeneficiariesAppOptions {
  readonly config: BeneficiariesConfig;
  readonly logger: Logger;
  readonly bus?: MessageBus;
  readonly onQuery?: (sql: string) => void;
}

/** Builds the beneficiaries subgraph from its parts; `main.ts` only runs it. */
export async function createBeneficiariesApp(options: BeneficiariesAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'beneficiaries',
    config: options.config,
    schema: await buildSchema({ operatorRegistration: options.config.ANS_OPERATOR_REGISTRATION }),
    entities,
    migrations,
    projections,
    logger: options.logger,
    businessMetrics: registerBeneficiaryMetrics,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
