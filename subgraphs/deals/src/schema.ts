import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, eventStatusExtension } from '@salesgraph/subgraph';
import { projections } from './projections.js';
import { subscriptions } from './subscriptions/index.js';
import { DealResolver } from './deal/deal.resolver.js';
import { dealReference } from './deal/deal.reference.js';
import { Deal } from './deal/deal.entity.js';
import { DealMeddic } from './deal/deal.meddic.js';
import { CompanyDealsResolver } from './company/company.resolver.js';
import { companyReference } from './company/company.reference.js';
import { AccountSummary } from './account-summary/account-summary.entity.js';
import { AccountContact } from './account-summary/account-contact.entity.js';
import { PipelineDeal, PipelineRow, PipelineSummaryRow } from './pipeline/pipeline.entity.js';
import { PipelineResolver } from './pipeline/pipeline.resolver.js';
import { pipelineReference } from './pipeline/pipeline.reference.js';
import { ForecastResolver } from './forecast/forecast.resolver.js';
import { SalesOrderDeal } from './sales-order-deal/sales-order-deal.entity.js';

export const entities = [
  Deal,
  DealMeddic,
  AccountSummary,
  AccountContact,
  PipelineRow,
  PipelineDeal,
  PipelineSummaryRow,
  SalesOrderDeal,
];

/** The deals subgraph schema (printed to schema.graphql by `npm run compose`). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    { resolvers: [DealResolver, CompanyDealsResolver, PipelineResolver, ForecastResolver] },
    { ...dealReference, ...companyReference, ...pipelineReference },
    { extensions: [eventStatusExtension({ schema: 'deals', projections })], subscriptions },
  );
}
