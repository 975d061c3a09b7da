import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@salesgraph/subgraph';
import { Deal } from './deal.entity.js';

export enum DealProblemReason {
  STALE_VERSION = 'STALE_VERSION',
  COMPANY_ERASED = 'COMPANY_ERASED',
}
registerEnumType(DealProblemReason, { name: 'DealProblemReason' });

@ObjectType({ description: 'An expected business outcome that stopped the change; nothing was written.' })
export class DealProblem {
  @Field(() => DealProblemReason)
  reason!: DealProblemReason;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'Either `deal` (changed) or `problem` (nothing changed).' })
export class DealResult {
  @Field(() => Deal, { nullable: true })
  deal!: Deal | null;

  @Field(() => DealProblem, { nullable: true })
  problem!: DealProblem | null;

  @Field(() => ID, { nullable: true, description: 'The event the change produced (read-your-writes token).' })
  eventId!: string | null;
}

@ObjectType()
export class DealEdge {
  @Field(() => Deal)
  node!: Deal;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class DealConnection {
  @Field(() => [DealEdge])
  edges!: DealEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

export const dealProblem = (reason: DealProblemReason, message: string): DealResult => ({ deal: null, problem: { reason, message }, eventId: null });
