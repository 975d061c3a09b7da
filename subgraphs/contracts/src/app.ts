import { createSubgraphService, type SubgraphAppOptions, type SubgraphService } from '@salesgraph/subgraph';
import type { Logger } from '@salesgraph/logging';
import type { HttpHandler } from '@salesgraph/http';
import type { ContractsConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';
import { LocalSignatureProvider } from './signature/local-signature.provider.js';
import { AdobeSignClient } from './signature/adobe-sign.client.js';
import { AdobeSignProvider } from './signature/adobe-sign.provider.js';
import { ADOBE_SIGN_WEBHOOK_PATH, adobeSignWebhook } from './signature/adobe-sign.webhook.js';
import type { SignatureProvider } from './signature/signature-provider.js';

export type ContractsAppOptions = SubgraphAppOptions<ContractsConfig>;

function signatureProvider(config: ContractsConfig, logger: Logger): SignatureProvider {
  if (!config.adobeSign) return new LocalSignatureProvider(config.SIGNATURE_CALLBACK_SECRET);
  const client = new AdobeSignClient(config.adobeSign, (reason, attempt, delayMs) =>
    logger.warn({ reason, attempt, delayMs }, 'adobe sign call failed; retrying'),
  );
  return new AdobeSignProvider({
    client,
    clientId: config.adobeSign.clientId,
    operatorName: config.CONTRACT_OPERATOR_NAME,
  });
}

/** Builds the contracts subgraph from its parts; `main.ts` only runs it. */
export async function createContractsApp(options: ContractsAppOptions): Promise<SubgraphService> {
  const signatures = signatureProvider(options.config, options.logger);
  return createSubgraphService({
    name: 'contracts',
    config: options.config,
    schema: await buildSchema({ signatures }),
    entities,
    migrations,
    projections,
    // The provider's webhook (plain HTTP, authenticated by the provider's own rules).
    handlers: ({ orm }): Record<string, HttpHandler> =>
      signatures instanceof AdobeSignProvider
        ? { [ADOBE_SIGN_WEBHOOK_PATH]: adobeSignWebhook({ orm, provider: signatures, logger: options.logger }) }
        : {},
    logger: options.logger,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
