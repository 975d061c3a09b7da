import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize } from '@salesgraph/subgraph';
import type { DealsContext } from '../context.js';
import { Company } from '../company/company.entity.js';
import { Deal } from './deal.entity.js';
import { CreateDealInput, DealFilter } from './deal.inputs.js';
import { DealConnection, DealResult } from './deal.results.js';
import { createDeal, findDeals } from './deal.service.js';
import { dealLoader } from './deal.reference.js';
import { probabilityOf } from './deal.events.js';

@Resolver(() => Deal)
export class DealResolver {
  @Query(() => Deal, { nullable: true, description: 'A deal the caller may see.' })
  deal(@Arg('id', () => ID) id: string, @Ctx() context: DealsContext): Promise<Deal | null> {
    return dealLoader(context).load(id);
  }

  @Query(() => DealConnection)
  deals(
    @Arg('filter', () => DealFilter, { nullable: true }) filter: DealFilter | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: DealsContext,
  ) {
    return findDeals(context.em, context.identity, filter, pageSize(first), after);
  }

  @Mutation(() => DealResult)
  createDeal(@Arg('input', () => CreateDealInput) input: CreateDealInput, @Ctx() context: DealsContext): Promise<DealResult> {
    return createDeal(context.em, context.identity, input);
  }

  @FieldResolver(() => Company)
  company(@Root() deal: Deal): Company {
    return { id: deal.companyId };
  }

  @FieldResolver(() => Int, { description: 'Win probability (%): the stage default unless set on the deal.' })
  probability(@Root() deal: Deal): number {
    return probabilityOf(deal);
  }
}
