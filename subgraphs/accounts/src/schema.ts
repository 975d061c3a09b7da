import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '@salesgraph/subgraph';
import { CompanyResolver } from './company/company.resolver.js';
import { companyReference } from './company/company.reference.js';
import { Company } from './company/company.entity.js';

export const entities = [Company];

/** The accounts subgraph schema (printed to schema.graphql by `npm run compose`). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema({ resolvers: [CompanyResolver] }, { ...companyReference });
}
