import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { buildFederatedSchema, eventStatusExtension } from '@salesgraph/subgraph';
import { projections } from './projections.js';
import { Beneficiary } from './beneficiary/beneficiary.entity.js';
import { BeneficiaryResolver } from './beneficiary/beneficiary.resolver.js';
import { AnsResolver } from './beneficiary/ans.resolver.js';
import { LgpdResolver } from './beneficiary/lgpd.resolver.js';
import { beneficiaryReference } from './beneficiary/beneficiary.reference.js';
import { ContractBeneficiariesResolver } from './contract/contract.resolver.js';
import { contractReference } from './contract/contract.reference.js';
import { ContractSnapshot } from './contract-snapshot/contract-snapshot.entity.js';
import { AnsTransmission } from './ans-transmission/ans-transmission.entity.js';
import type { BeneficiariesSettings } from './settings.js';

export const entities = [Beneficiary, ContractSnapshot, AnsTransmission];

/**
 * The beneficiaries subgraph schema (printed to schema.graphql by `npm run compose`).
 * Resolvers get the settings through this container (type-graphql keeps one per process).
 */
export function buildSchema(
  // Printing the schema uses no settings; a running service always passes its own.
  settings: BeneficiariesSettings = { operatorRegistration: '' },
): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [BeneficiaryResolver, new BeneficiaryResolver(settings)],
    [AnsResolver, new AnsResolver(settings)],
    [LgpdResolver, new LgpdResolver()],
    [ContractBeneficiariesResolver, new ContractBeneficiariesResolver()],
  ]);
  const container: ContainerType = { get: (resolverClass: unknown) => instances.get(resolverClass) };
  return buildFederatedSchema(
    { resolvers: [BeneficiaryResolver, AnsResolver, LgpdResolver, ContractBeneficiariesResolver], container },
    { ...beneficiaryReference, ...contractReference },
    { extensions: [eventStatusExtension({ schema: 'beneficiaries', projections })] },
  );
}
