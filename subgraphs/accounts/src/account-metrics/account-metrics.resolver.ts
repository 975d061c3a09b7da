import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { requestLoader, Public } from '@salesgraph/subgraph';
import type { AccountsContext } from '../context.js';
import { Company } from '../company/company.entity.js';
import { AccountMetrics } from './account-metrics.results.js';
import { metricsByCompanyIds } from './account-metrics.service.js';

/** Contributes `Company.metrics`: one aggregate statement for the metrics of N companies. */
@Resolver(() => Company)
export class CompanyMetricsResolver {
  @FieldResolver(() => AccountMetrics, {
    description: 'Open pipeline, won value, active contracts and lives (the AccountMetrics projection).',
  })
  @Public()
  metrics(@Root() company: Company, @Ctx() context: AccountsContext): Promise<AccountMetrics> {
    return requestLoader<string, AccountMetrics>(context, 'accountMetrics.byCompanyId', (ids) =>
      metricsByCompanyIds(context.em, ids),
    ).load(company.id);
  }
}
