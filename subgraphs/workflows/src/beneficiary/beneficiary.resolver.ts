import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkflowsContext } from '../context.js';
import { Task } from '../task/task.entity.js';
import { ansTasksLoader } from '../task/task.reference.js';
import { Beneficiary } from './beneficiary.entity.js';

/** Contributes `Beneficiary.ansTask` to the beneficiaries subgraph's Beneficiary. */
@Resolver(() => Beneficiary)
export class BeneficiaryAnsTaskResolver {
  @FieldResolver(() => Task, {
    nullable: true,
    description: "The beneficiary's latest ANS_REGISTRATION task the caller may see.",
  })
  async ansTask(@Root() beneficiary: Beneficiary, @Ctx() context: WorkflowsContext): Promise<Task | null> {
    return (await ansTasksLoader(context).load(beneficiary.id)).at(-1) ?? null;
  }
}
