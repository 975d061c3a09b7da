import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { WorkflowsContext } from '../context.js';
import { Deal } from '../deal/deal.entity.js';
import { PhaseEntry, ProcessInstance } from './process.entity.js';
import { phaseEntries } from './process.service.js';
import { processByDealLoader } from './process.reference.js';
import { Public, RequiresScopes } from '@salesgraph/subgraph';

@Resolver(() => ProcessInstance)
export class ProcessInstanceResolver {
  @Query(() => ProcessInstance, {
    nullable: true,
    description: 'The process of a deal the caller may see (null when none yet).',
  })
  @Public()
  @RequiresScopes('deals:read')
  processInstance(
    @Public() @Arg('dealId', () => ID) dealId: string,
    @Ctx() context: WorkflowsContext,
  ): Promise<ProcessInstance | null> {
    return processByDealLoader(context).load(dealId);
  }

  @FieldResolver(() => Deal, {
    nullable: true,
    description: 'Null, with a NOT_FOUND error on this path, when it is gone or not visible to the caller.',
  })
  deal(@Root() process: ProcessInstance): Deal {
    return { id: process.dealId };
  }

  @FieldResolver(() => [PhaseEntry], {
    description: 'Every phase the process went through, oldest first, with durations.',
  })
  phaseHistory(@Root() process: ProcessInstance): PhaseEntry[] {
    return phaseEntries(process);
  }
}
