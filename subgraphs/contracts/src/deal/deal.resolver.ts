import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize, Public } from '@salesgraph/subgraph';
import type { ContractsContext } from '../context.js';
import { Contract } from '../contract/contract.entity.js';
import { ContractConnection } from '../contract/contract.results.js';
import { dealContractsLoader } from '../contract/contract.reference.js';
import { pageOf } from '../contract/contract.queries.js';
import { Deal } from './deal.entity.js';

/** Contributes `Deal.contract` and `Deal.contracts` to the deals subgraph's Deal (batched per request). */
@Resolver(() => Deal)
export class DealContractsResolver {
  @FieldResolver(() => Contract, { nullable: true, description: "The deal's most recent contract the caller may see." })
  @Public()
  async contract(@Root() deal: Deal, @Ctx() context: ContractsContext): Promise<Contract | null> {
    return (await dealContractsLoader(context).load(deal.id)).at(-1) ?? null;
  }

  @FieldResolver(() => ContractConnection, {
    description: 'Every contract of the deal the caller may see, oldest first.',
  })
  @Public()
  async contracts(
    @Root() deal: Deal,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: ContractsContext,
  ) {
    const size = pageSize(first);
    return pageOf(await dealContractsLoader(context).load(deal.id), size, after);
  }
}
