import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize } from '@salesgraph/subgraph';
import type { DealsContext } from '../context.js';
import { DealConnection } from '../deal/deal.results.js';
import { findDeals } from '../deal/deal.service.js';
import { Company } from './company.entity.js';

/** Contributes `Company.deals` to the accounts subgraph's Company. */
@Resolver(() => Company)
export class CompanyDealsResolver {
  @FieldResolver(() => DealConnection, { description: 'The company\'s deals the caller may see.' })
  deals(@Root() company: Company, @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput, @Ctx() context: DealsContext) {
    return findDeals(context.em, context.identity, { companyId: company.id }, pageSize(first), after);
  }
}
