import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { TaskAssigneeRole, TaskOutcome, TaskStatus, TaskSubjectType, TaskType } from './task-types.js';

/** A human work item created from an event, assigned to a role (or a user), with an SLA. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A human work item created from an event, assigned to a role (or a user), due by `dueAt`.' })
@Entity({ tableName: 'task' })
@Index({ properties: ['tenantId', 'subjectType', 'subjectId'] })
@Index({ properties: ['tenantId', 'dueAt', 'id'] })
export class Task extends TenantScopedEntity {
  @Field(() => TaskType)
  @Enum({ items: () => TaskType })
  type!: TaskType;

  @Field(() => TaskStatus)
  @Enum({ items: () => TaskStatus })
  status: Opt<TaskStatus> = TaskStatus.OPEN;

  @Field(() => TaskAssigneeRole, {
    nullable: true,
    description: 'Who may complete it: holders of this role (for APPROVAL, this tier or above).',
  })
  @Enum({ items: () => TaskAssigneeRole, nullable: true })
  assigneeRole: TaskAssigneeRole | null = null;

  @Field(() => String, { nullable: true, description: 'Set when the task is assigned to one user rather than a role.' })
  @Property({ type: 'string', length: 128, nullable: true })
  assigneeId: string | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  dueAt!: Date;

  @Field(() => TaskOutcome, { nullable: true })
  @Enum({ items: () => TaskOutcome, nullable: true })
  outcome: TaskOutcome | null = null;

  @Field(() => String, { nullable: true, description: "The completer's comment (required to REJECT)." })
  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 128, nullable: true })
  completedBy: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the task was cancelled (e.g. the beneficiary was removed).',
  })
  @Property({ type: 'text', nullable: true })
  cancelReason: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the SLA sweeper found it open past `dueAt` (once).' })
  @Property({ type: 'datetime', nullable: true })
  breachedAt: Date | null = null;

  @Enum({ items: () => TaskSubjectType })
  subjectType!: TaskSubjectType;

  @Property({ type: 'uuid' })
  subjectId!: string;

  /** The deal behind the subject, when known (contract tasks). */
  @Property({ type: 'uuid', nullable: true })
  dealId: string | null = null;

  /** The deal's process (derived id, see ids.ts), when the deal is known. */
  @Property({ type: 'uuid', nullable: true })
  processId: string | null = null;

  /** The event this task was created from. */
  @Property({ type: 'uuid' })
  sourceEventId!: string;
}
