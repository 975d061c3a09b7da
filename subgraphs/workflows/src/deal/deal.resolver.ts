import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkflowsContext } from '../context.js';
import { ProcessInstance } from '../process/process.entity.js';
import { processByDealLoader } from '../process/process.reference.js';
import { Deal } from './deal.entity.js';
import { Public } from '@salesgraph/subgraph';

/** Contributes `Deal.process` to the deals subgraph's Deal. */
@Resolver(() => Deal)
export class DealProcessResolver {
  @FieldResolver(() => ProcessInstance, {
    nullable: true,
    description: "The deal's workflow process (null until its first event is applied).",
  })
  @Public()
  process(@Root() deal: Deal, @Ctx() context: WorkflowsContext): Promise<ProcessInstance | null> {
    return processByDealLoader(context).load(deal.id);
  }
}
