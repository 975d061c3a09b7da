import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize } from '@salesgraph/subgraph';
import type { WorkflowsContext } from '../context.js';
import { systemClock } from '../clock.js';
import { Beneficiary } from '../beneficiary/beneficiary.entity.js';
import { Contract } from '../contract/contract.entity.js';
import { Deal } from '../deal/deal.entity.js';
import { ProcessInstance } from '../process/process.entity.js';
import { processLoader } from '../process/process.reference.js';
import { Task } from './task.entity.js';
import { TaskStatus, TaskSubjectType } from './task-types.js';
import { CompleteTaskArgs, TaskFilter } from './task.inputs.js';
import { TaskConnection, TaskResult } from './task.results.js';
import { completeTask, findTasks } from './task.service.js';

const subject = (task: Task, type: TaskSubjectType) => (task.subjectType === type ? { id: task.subjectId } : null);

@Resolver(() => Task)
export class TaskResolver {
  @Query(() => TaskConnection, {
    description:
      "Tasks the caller may see (their roles' and their own; every task for managers and above), soonest due first.",
  })
  tasks(
    @Arg('filter', () => TaskFilter, { nullable: true }) filter: TaskFilter | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: WorkflowsContext,
  ) {
    return findTasks(context.em, context.identity, filter, pageSize(first), after, systemClock());
  }

  @Mutation(() => TaskResult, {
    description:
      'Completes an open task; an APPROVAL with APPROVE or REJECT (REJECT needs a comment). Emits task.completed.',
  })
  completeTask(
    @Args(() => CompleteTaskArgs) args: CompleteTaskArgs,
    @Ctx() context: WorkflowsContext,
  ): Promise<TaskResult> {
    return completeTask(context, args, systemClock());
  }

  @FieldResolver(() => Boolean, { description: 'Open and past `dueAt`.' })
  overdue(@Root() task: Task): boolean {
    return task.status === TaskStatus.OPEN && task.dueAt.getTime() < systemClock().getTime();
  }

  @FieldResolver(() => Contract, {
    nullable: true,
    description: 'The contract an APPROVAL or IMPLEMENTATION_PLANNING task is about.',
  })
  contract(@Root() task: Task): Contract | null {
    return subject(task, TaskSubjectType.Contract);
  }

  @FieldResolver(() => Beneficiary, {
    nullable: true,
    description: 'The beneficiary an ANS_REGISTRATION task is about.',
  })
  beneficiary(@Root() task: Task): Beneficiary | null {
    return subject(task, TaskSubjectType.Beneficiary);
  }

  @FieldResolver(() => Deal, { nullable: true, description: 'The deal behind the task, when known.' })
  deal(@Root() task: Task): Deal | null {
    return task.dealId ? { id: task.dealId } : subject(task, TaskSubjectType.Deal);
  }

  @FieldResolver(() => ProcessInstance, { nullable: true, description: "The deal's process, when known and visible." })
  process(@Root() task: Task, @Ctx() context: WorkflowsContext): Promise<ProcessInstance | null> | null {
    return task.processId ? processLoader(context).load(task.processId) : null;
  }
}
