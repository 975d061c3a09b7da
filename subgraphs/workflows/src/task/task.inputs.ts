import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { TaskAssigneeRole, TaskOutcome, TaskStatus, TaskType } from './task-types.js';

@InputType({ description: 'Every condition given must hold.' })
export class TaskFilter {
  @Field(() => TaskStatus, { nullable: true })
  status?: TaskStatus | null;

  @Field(() => TaskType, { nullable: true })
  type?: TaskType | null;

  @Field(() => TaskAssigneeRole, { nullable: true })
  assigneeRole?: TaskAssigneeRole | null;

  @Field(() => Boolean, { nullable: true, description: 'true: open tasks past `dueAt`; false: every other task.' })
  overdue?: boolean | null;
}

@ArgsType()
export class CompleteTaskArgs {
  @Field(() => ID)
  id!: string;

  @Field(() => TaskOutcome, { description: 'APPROVE or REJECT for APPROVAL tasks, DONE for the others.' })
  outcome!: TaskOutcome;

  @Field(() => String, { nullable: true, description: 'Required to REJECT; at most 2,000 characters.' })
  comment?: string | null;

  @Field(() => Int, { description: 'The task version the caller read.' })
  version!: number;
}
