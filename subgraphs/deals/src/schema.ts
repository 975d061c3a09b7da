import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@salesgraph/subgraph';
import { DealResolver } from './deal/deal.resolver.js';
import { dealReference } from './deal/deal.reference.js';
import { Deal } from './deal/deal.entity.js';
import { CompanyDealsResolver } from './company/company.resolver.js';
import { companyReference } from './company/company.reference.js';
import { AccountSummary } from './account-summary/account-summary.entity.js';

export const entities = [Deal, AccountSummary];

/** The deals subgraph schema (printed to schema.graphql by `npm run compose`). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [DealResolver, CompanyDealsResolver] }, { ...dealReference, ...companyReference });
}
