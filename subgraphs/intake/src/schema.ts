import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, eventStatusExtension } from '@salesgraph/subgraph';
import { SalesOrderResolver } from './sales-order/sales-order.resolver.js';
import { salesOrderReference } from './sales-order/sales-order.reference.js';
import { SalesOrder } from './sales-order/sales-order.entity.js';
import { CompanySalesOrdersResolver } from './company/company.resolver.js';
import { companyReference } from './company/company.reference.js';
import { Company } from './company/company.entity.js';

export const entities = [SalesOrder];

/** The intake subgraph schema (printed to schema.graphql by `npm run compose`). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [SalesOrderResolver, CompanySalesOrdersResolver], orphanedTypes: [Company] },
    { ...salesOrderReference, ...companyReference },
    { extensions: [eventStatusExtension({ schema: 'intake', projections: [] })] },
  );
}
