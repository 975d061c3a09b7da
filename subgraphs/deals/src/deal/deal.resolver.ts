import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize } from '@salesgraph/subgraph';
import type { DealsContext } from '../context.js';
import { Company } from '../company/company.entity.js';
import { Deal } from './deal.entity.js';
import {
  CreateDealInput,
  DealFilter,
  DealOrder,
  MoveDealStageInput,
  ScoreDealInput,
  UpdateDealInput,
} from './deal.inputs.js';
import { DealConnection, DealResult } from './deal.results.js';
import { createDeal, scoreDeal, updateDeal } from './deal.service.js';
import { moveDealStage } from './deal-stage.service.js';
import { findDeals } from './deal.queries.js';
import { dealLoader } from './deal.reference.js';
import { probabilityOf } from './deal.events.js';
import { meddicScore } from './deal.meddic.js';

@Resolver(() => Deal)
export class DealResolver {
  @Query(() => Deal, { nullable: true, description: 'A deal the caller may see (a SALES_REP sees own deals only).' })
  deal(@Arg('id', () => ID) id: string, @Ctx() context: DealsContext): Promise<Deal | null> {
    return dealLoader(context).load(id);
  }

  @Query(() => DealConnection, {
    description: 'The deals the caller may see, filtered and ordered (default: oldest first).',
  })
  deals(
    @Arg('filter', () => DealFilter, { nullable: true }) filter: DealFilter | null,
    @Arg('orderBy', () => DealOrder, { nullable: true }) orderBy: DealOrder | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: DealsContext,
  ): Promise<DealConnection> {
    return findDeals(context.em, context.identity, filter, orderBy, pageSize(first), after);
  }

  @Mutation(() => DealResult, { description: 'Creates a deal in LEAD for a company.' })
  createDeal(
    @Arg('input', () => CreateDealInput) input: CreateDealInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return createDeal(context, input);
  }

  @Mutation(() => DealResult, { description: "Edits an open deal's fields (not its stage or MEDDIC)." })
  updateDeal(
    @Arg('input', () => UpdateDealInput) input: UpdateDealInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return updateDeal(context, input);
  }

  @Mutation(() => DealResult, { description: 'Sets the six MEDDIC sub-scores of an open deal.' })
  scoreDeal(
    @Arg('input', () => ScoreDealInput) input: ScoreDealInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return scoreDeal(context, input);
  }

  @Mutation(() => DealResult, {
    description:
      'Moves a deal forward one or more stages or back one; a SALES_MANAGER or above may reopen a closed deal.',
  })
  moveDealStage(
    @Arg('input', () => MoveDealStageInput) input: MoveDealStageInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return moveDealStage(context, input);
  }

  @FieldResolver(() => Company, {
    nullable: true,
    description: 'Null, with a NOT_FOUND error on this path, when it is gone or not visible to the caller.',
  })
  company(@Root() deal: Deal): Company {
    return { id: deal.companyId };
  }

  @FieldResolver(() => Int, {
    description: 'Win probability (%): the stage default (5, 10, 20, 40, 60, 100, 0) unless set on the deal.',
  })
  probability(@Root() deal: Deal): number {
    return probabilityOf(deal);
  }

  @FieldResolver(() => Int, {
    description: 'MEDDIC score 0–100 = round(sum of the six sub-scores / 30 × 100). PROPOSAL needs 50.',
  })
  meddicScore(@Root() deal: Deal): number {
    return meddicScore(deal.meddic);
  }
}
