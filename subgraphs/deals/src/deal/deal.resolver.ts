import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize, Public, RequiresScopes } from '@salesgraph/subgraph';
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
  @Public()
  @RequiresScopes('deals:read')
  deal(@Public() @Arg('id', () => ID) id: string, @Ctx() context: DealsContext): Promise<Deal | null> {
    return dealLoader(context).load(id);
  }

  @Query(() => DealConnection, {
    description: 'The deals the caller may see, filtered and ordered (default: oldest first).',
  })
  @Public()
  @RequiresScopes('deals:read')
  deals(
    @Public() @Arg('filter', () => DealFilter, { nullable: true }) filter: DealFilter | null,
    @Public() @Arg('orderBy', () => DealOrder, { nullable: true }) orderBy: DealOrder | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: DealsContext,
  ): Promise<DealConnection> {
    return findDeals(context.em, context.identity, filter, orderBy, pageSize(first), after);
  }

  @Mutation(() => DealResult, { description: 'Creates a deal in LEAD for a company.' })
  @Public()
  @RequiresScopes('deals:write')
  createDeal(
    @Public() @Arg('input', () => CreateDealInput) input: CreateDealInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return createDeal(context, input);
  }

  @Mutation(() => DealResult, { description: "Edits an open deal's fields (not its stage or MEDDIC)." })
  @Public()
  @RequiresScopes('deals:write')
  updateDeal(
    @Public() @Arg('input', () => UpdateDealInput) input: UpdateDealInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return updateDeal(context, input);
  }

  @Mutation(() => DealResult, { description: 'Sets the six MEDDIC sub-scores of an open deal.' })
  @Public()
  @RequiresScopes('deals:write')
  scoreDeal(
    @Public() @Arg('input', () => ScoreDealInput) input: ScoreDealInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return scoreDeal(context, input);
  }

  @Mutation(() => DealResult, {
    description:
      'Moves a deal forward one or more stages or back one; a SALES_MANAGER or above may reopen a closed deal.',
  })
  @Public()
  @RequiresScopes('deals:write')
  moveDealStage(
    @Public() @Arg('input', () => MoveDealStageInput) input: MoveDealStageInput,
    @Ctx() context: DealsContext,
  ): Promise<DealResult> {
    return moveDealStage(context, input);
  }

  @FieldResolver(() => Company, {
    nullable: true,
    description: 'Null, with a NOT_FOUND error on this path, when it is gone or not visible to the caller.',
  })
  @Public()
  company(@Root() deal: Deal): Company {
    return { id: deal.companyId };
  }

  @FieldResolver(() => Int, {
    description: 'Win probability (%): the stage default (5, 10, 20, 40, 60, 100, 0) unless set on the deal.',
  })
  @Public()
  probability(@Root() deal: Deal): number {
    return probabilityOf(deal);
  }

  @FieldResolver(() => Int, {
    description: 'MEDDIC score 0–100 = round(sum of the six sub-scores / 30 × 100). PROPOSAL needs 50.',
  })
  @Public()
  meddicScore(@Root() deal: Deal): number {
    return meddicScore(deal.meddic);
  }
}
