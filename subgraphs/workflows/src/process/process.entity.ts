import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { ProcessPhase } from './process-phase.js';
import type { StoredCause, StoredPhaseEntry } from './process-history.js';
import { Public, RequiresScopes } from '@salesgraph/subgraph';

@ObjectType('ProcessPhaseEntry', { description: 'One stay of a process in a phase.' })
export class PhaseEntry {
  @Field(() => ProcessPhase)
  phase!: ProcessPhase;

  @Field(() => Date)
  enteredAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while the process is still in this phase.' })
  leftAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Whole seconds spent in the phase; null while it lasts.' })
  durationSeconds!: number | null;

  @Field(() => String, {
    description: 'The event type that moved the process into this phase, e.g. deal.stage_changed.',
  })
  cause!: string;
}

/**
 * The process of one deal (businessKey = deal id), driven only by deal and contract events.
 * The id is derived from (tenant, deal), see ids.ts.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'The workflow of one deal, from qualification to onboarding, driven by events.' })
@Entity({ tableName: 'process_instance' })
@Unique({ properties: ['tenantId', 'dealId'] })
@Public()
@RequiresScopes('deals:read')
export class ProcessInstance extends TenantScopedEntity {
  @Field(() => ID, { name: 'businessKey', description: 'The id of the deal this process follows.' })
  @Property({ type: 'uuid' })
  dealId!: string;

  /**
   * Owner of the deal, from its events (null until a deal event is seen: a process can start
   * from a contract event). A SALES_REP sees only processes of deals they own.
   */
  @Property({ type: 'string', length: 128, nullable: true })
  ownerId: string | null = null;

  @Field(() => ProcessPhase)
  @Enum({ items: () => ProcessPhase })
  @Public()
  phase!: ProcessPhase;

  @Field(() => Date, { description: 'When the current phase began (time of the event that caused it).' })
  @Property({ type: 'datetime' })
  phaseEnteredAt!: Date;

  @Property({ type: 'json' })
  phaseHistory: StoredPhaseEntry[] = [];

  @Field(() => Date)
  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Set while the process is CLOSED_LOST.' })
  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;

  /** Every deal and contract event applied to it: phase, history and times are recomputed from them in time order (courseOf). */
  @Property({ type: 'json' })
  causes: StoredCause[] = [];

  /** Aggregate version of the last process event written to the outbox. */
  @Property({ type: 'integer', default: 0 })
  eventVersion: Opt<number> = 0;
}
