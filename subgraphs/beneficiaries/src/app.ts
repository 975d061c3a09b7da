import { createSubgraphService, type SubgraphAppOptions, type SubgraphService } from '@salesgraph/subgraph';
import type { BeneficiariesConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';
import { ansBatchSeal } from './ans-transmission/ans-transmission.service.js';
import { ansTransmitter } from './ans-transmission/ans-transmission.worker.js';
import { FileDropAnsTransport } from './ans-transmission/ans-file-drop.transport.js';
import { SoapAnsTransport } from './ans-transmission/ans-soap.transport.js';
import type { AnsTransport } from './ans-transmission/ans-transport.js';
import { registerBeneficiaryMetrics } from './beneficiary/beneficiary.metrics.js';

export type BeneficiariesAppOptions = SubgraphAppOptions<BeneficiariesConfig>;

function ansTransport(ans: NonNullable<BeneficiariesConfig['ans']>): AnsTransport {
  if (ans.transport === 'file-drop') return new FileDropAnsTransport(ans.fileDropDir!);
  return new SoapAnsTransport({
    url: ans.soapUrl!,
    clientKeyPem: ans.certificate.privateKeyPem,
    clientCertificatePem: ans.certificate.certificatePem,
    caPem: ans.soapCaPem,
    timeoutMs: ans.timeoutMs,
  });
}

/** Builds the beneficiaries subgraph from its parts; `main.ts` only runs it. */
export async function createBeneficiariesApp(options: BeneficiariesAppOptions): Promise<SubgraphService> {
  const { config, logger } = options;
  const transport = config.ans ? ansTransport(config.ans) : null;
  const seal = ansBatchSeal(transport && config.ans ? { transport, certificate: config.ans.certificate } : null);
  return createSubgraphService({
    name: 'beneficiaries',
    config,
    schema: await buildSchema({ operatorRegistration: config.ANS_OPERATOR_REGISTRATION, seal }),
    entities,
    migrations,
    projections,
    workers: ({ orm }) =>
      transport && config.ans
        ? [
            ansTransmitter({
              orm,
              transport,
              retry: config.ans.retry,
              intervalMs: config.ans.pollIntervalMs,
              logger,
              onRetry: (reason, attempt) => logger.warn({ reason, attempt }, 'ans call failed; retrying'),
            }),
          ]
        : [],
    logger,
    businessMetrics: registerBeneficiaryMetrics,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
