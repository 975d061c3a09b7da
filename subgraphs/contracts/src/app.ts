import { createSubgraphService, type SubgraphService } from '@salesgraph/subgraph';
import type { MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { ContractsConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';
import { LocalSignatureProvider } from './signature/local-signature.provider.js';
import type { SignatureProvider } from './signature/signature-provider.js';

export interface ContractsAppOptions {
  readonly config: ContractsConfig;
  readonly logger: Logger;
  readonly bus?: MessageBus;
  readonly onQuery?: (sql: string) => void;
}

function signatureProvider(config: ContractsConfig): SignatureProvider {
  switch (config.SIGNATURE_PROVIDER) {
    case 'local':
      return new LocalSignatureProvider(config.SIGNATURE_CALLBACK_SECRET);
  }
}

/** Builds the contracts subgraph from its parts; `main.ts` only runs it. */
export async function createContractsApp(options: ContractsAppOptions): Promise<SubgraphService> {
  return createSubgraphService({
    name: 'contracts',
    config: options.config,
    schema: await buildSchema({ signatures: signatureProvider(options.config) }),
    entities,
    migrations,
    projections,
    logger: options.logger,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
