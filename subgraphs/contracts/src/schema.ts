import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, eventStatusExtension } from '@salesgraph/subgraph';
import { projections } from './projections.js';
import { subscriptions } from './subscriptions/index.js';
import { Contract, ContractSignature } from './contract/contract.entity.js';
import { ContractResolver } from './contract/contract.resolver.js';
import { contractReference } from './contract/contract.reference.js';
import { CompanyContractsResolver } from './company/company.resolver.js';
import { companyReference } from './company/company.reference.js';
import { DealContractsResolver } from './deal/deal.resolver.js';
import { dealReference } from './deal/deal.reference.js';
import { DealSnapshot } from './deal-snapshot/deal-snapshot.entity.js';
import { SignatureCallbackResolver } from './signature/signature.resolver.js';
import type { SignatureProvider } from './signature/signature-provider.js';
import { LocalSignatureProvider } from './signature/local-signature.provider.js';
import { DEVELOPMENT_SIGNATURE_SECRET } from './config.js';

export const entities = [Contract, ContractSignature, DealSnapshot];

export interface ContractsDependencies {
  readonly signatures: SignatureProvider;
}

/**
 * The contracts subgraph schema (printed to schema.graphql by `npm run compose`). Resolvers
 * get their dependencies by constructor; printing the schema uses none, hence the local provider.
 */
export function buildSchema(
  dependencies: ContractsDependencies = { signatures: new LocalSignatureProvider(DEVELOPMENT_SIGNATURE_SECRET) },
): Promise<GraphQLSchema> {
  const resolvers = [
    new ContractResolver(dependencies.signatures),
    new SignatureCallbackResolver(dependencies.signatures),
    new CompanyContractsResolver(),
    new DealContractsResolver(),
  ];
  const instances = new Map<unknown, object>(resolvers.map((resolver) => [resolver.constructor, resolver]));
  return buildFederatedSchema(
    {
      resolvers: [ContractResolver, SignatureCallbackResolver, CompanyContractsResolver, DealContractsResolver],
      container: { get: (type: unknown) => instances.get(type) },
    },
    { ...contractReference, ...companyReference, ...dealReference },
    { extensions: [eventStatusExtension({ schema: 'contracts', projections })], subscriptions },
  );
}
