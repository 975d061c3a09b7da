import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkflowsContext } from '../context.js';
import { Task } from '../task/task.entity.js';
import { approvalTasksLoader } from '../task/task.reference.js';
import { Contract } from './contract.entity.js';

/** Contributes `Contract.approvalTasks` to the contracts subgraph's Contract. */
@Resolver(() => Contract)
export class ContractApprovalTasksResolver {
  @FieldResolver(() => [Task], { description: "The contract's APPROVAL tasks the caller may see, oldest first." })
  approvalTasks(@Root() contract: Contract, @Ctx() context: WorkflowsContext): Promise<Task[]> {
    return approvalTasksLoader(context).load(contract.id);
  }
}
