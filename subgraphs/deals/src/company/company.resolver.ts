import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize, requestLoader, Public } from '@salesgraph/subgraph';
import type { DealsContext } from '../context.js';
import { DealConnection } from '../deal/deal.results.js';
import { dealsByCompanies } from '../deal/deal.queries.js';
import { Company } from './company.entity.js';

/** Contributes `Company.deals` to the accounts subgraph's Company. */
@Resolver(() => Company)
export class CompanyDealsResolver {
  @FieldResolver(() => DealConnection, {
    description: "The company's deals the caller may see, oldest first. N companies cost one SQL statement.",
  })
  @Public()
  deals(
    @Root() company: Company,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: DealsContext,
  ): Promise<DealConnection> {
    const size = pageSize(first);
    // One loader per page shape: the companies of a board (same first/after) batch into one window query.
    const loader = requestLoader<string, DealConnection>(context, `company.deals:${size}:${after ?? ''}`, (ids) =>
      dealsByCompanies(context.em, context.identity, ids, size, after),
    );
    return loader.load(company.id);
  }
}
