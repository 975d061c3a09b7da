import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, eventStatusExtension } from '@salesgraph/subgraph';
import { projections } from './projections.js';
import { CompanyResolver } from './company/company.resolver.js';
import { companyReference } from './company/company.reference.js';
import { Company } from './company/company.entity.js';
import { CompanyContactsResolver, ContactResolver } from './contact/contact.resolver.js';
import { contactReference } from './contact/contact.reference.js';
import { Contact } from './contact/contact.entity.js';
import { CompanyMetricsResolver } from './account-metrics/account-metrics.resolver.js';
import { CompanyOriginsResolver } from './company-origin/company-origin.resolver.js';
import { CompanyOrigin } from './company-origin/company-origin.entity.js';
import {
  AccountMetricsBeneficiary,
  AccountMetricsContract,
  AccountMetricsDeal,
  AccountMetricsRow,
} from './account-metrics/account-metrics.entity.js';

export const entities = [
  Company,
  Contact,
  CompanyOrigin,
  AccountMetricsRow,
  AccountMetricsDeal,
  AccountMetricsContract,
  AccountMetricsBeneficiary,
];

/** The accounts subgraph schema (printed to schema.graphql by `npm run compose`). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        CompanyResolver,
        ContactResolver,
        CompanyContactsResolver,
        CompanyMetricsResolver,
        CompanyOriginsResolver,
      ],
    },
    { ...companyReference, ...contactReference },
    { extensions: [eventStatusExtension({ schema: 'accounts', projections })] },
  );
}
