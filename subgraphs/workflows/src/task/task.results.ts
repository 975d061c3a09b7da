import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@salesgraph/subgraph';
import { defineWrites } from '@salesgraph/write';
import { Task } from './task.entity.js';

export enum TaskProblemReason {
  ALREADY_COMPLETED = 'ALREADY_COMPLETED',
  TASK_CANCELLED = 'TASK_CANCELLED',
  STALE_VERSION = 'STALE_VERSION',
}
registerEnumType(TaskProblemReason, { name: 'TaskProblemReason' });

@ObjectType({ description: 'An expected business outcome that stopped the change; nothing was written.' })
export class TaskProblem {
  @Field(() => TaskProblemReason)
  reason!: TaskProblemReason;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'Either `task` (changed) or `problem` (nothing changed).' })
export class TaskResult {
  @Field(() => Task, { nullable: true })
  task!: Task | null;

  @Field(() => TaskProblem, { nullable: true })
  problem!: TaskProblem | null;

  @Field(() => ID, { nullable: true, description: 'The event the change produced (read-your-writes token).' })
  eventId!: string | null;
}

@ObjectType()
export class TaskEdge {
  @Field(() => Task)
  node!: Task;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class TaskConnection {
  @Field(() => [TaskEdge])
  edges!: TaskEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

/** Every task mutation goes through this frame (packages/write): the rules are in the service. */
export const taskWrites = defineWrites<Task, TaskResult>({
  entity: Task,
  noun: 'task',
  result: ({ entity, problem, eventId }) => ({ task: entity, problem: problem as TaskProblem | null, eventId }),
});
