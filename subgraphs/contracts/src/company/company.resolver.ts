import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize, Public } from '@salesgraph/subgraph';
import type { ContractsContext } from '../context.js';
import { ContractConnection } from '../contract/contract.results.js';
import { companyContractsLoader } from '../contract/contract.reference.js';
import { pageOf } from '../contract/contract.queries.js';
import { Company } from './company.entity.js';

/** Contributes `Company.contracts` to the accounts subgraph's Company (batched per request). */
@Resolver(() => Company)
export class CompanyContractsResolver {
  @FieldResolver(() => ContractConnection, { description: "The company's contracts the caller may see, oldest first." })
  @Public()
  async contracts(
    @Root() company: Company,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: ContractsContext,
  ) {
    const size = pageSize(first);
    return pageOf(await companyContractsLoader(context).load(company.id), size, after);
  }
}
