import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, Public } from '@salesgraph/subgraph';
import { defineWrites } from '@salesgraph/write';
import { Deal } from './deal.entity.js';

export enum DealProblemReason {
  STALE_VERSION = 'STALE_VERSION',
  COMPANY_NOT_FOUND = 'COMPANY_NOT_FOUND',
  NOT_YET_VISIBLE = 'NOT_YET_VISIBLE',
  COMPANY_ERASED = 'COMPANY_ERASED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  TERMINAL_STAGE = 'TERMINAL_STAGE',
  MEDDIC_SCORE_TOO_LOW = 'MEDDIC_SCORE_TOO_LOW',
  MISSING_ECONOMIC_BUYER = 'MISSING_ECONOMIC_BUYER',
  MISSING_CHAMPION = 'MISSING_CHAMPION',
  LOST_REASON_REQUIRED = 'LOST_REASON_REQUIRED',
}
registerEnumType(DealProblemReason, {
  name: 'DealProblemReason',
  valuesConfig: {
    STALE_VERSION: {
      description: 'The deal changed since the client read it: re-read and retry with the new version.',
    },
    COMPANY_NOT_FOUND: {
      description: "No company with that id in the caller's tenant (the same answer for an id of another tenant).",
    },
    NOT_YET_VISIBLE: {
      description:
        'The company is not known here yet: `eventId` is the event (sent as Salesgraph-After-Event) to wait for with eventStatus before retrying.',
    },
    COMPANY_ERASED: { description: 'The company was erased (LGPD): no new deals for it.' },
    INVALID_TRANSITION: {
      description:
        'A deal moves forward one or more stages or back exactly one; a closed deal reopens only into an open stage.',
    },
    TERMINAL_STAGE: {
      description: 'The deal is closed: only a SALES_MANAGER or above may reopen it, and a closed deal is not edited.',
    },
    MEDDIC_SCORE_TOO_LOW: {
      description: 'Entering PROPOSAL (or moving past it from an earlier stage) needs a meddicScore of at least 50.',
    },
    MISSING_ECONOMIC_BUYER: { description: 'CLOSED_WON needs an ECONOMIC_BUYER contact on the company.' },
    MISSING_CHAMPION: { description: 'CLOSED_WON needs a CHAMPION contact on the company.' },
    LOST_REASON_REQUIRED: { description: 'CLOSED_LOST needs a lostReason.' },
  },
});

@ObjectType({ description: 'An expected business outcome that stopped the change; nothing was written.' })
@Public()
export class DealProblem {
  @Field(() => DealProblemReason)
  @Public()
  reason!: DealProblemReason;

  @Field(() => String)
  @Public()
  message!: string;
}

@ObjectType({ description: 'Either `deal` (changed) or `problem` (nothing changed).' })
@Public()
export class DealResult {
  @Field(() => Deal, { nullable: true })
  @Public()
  deal!: Deal | null;

  @Field(() => DealProblem, { nullable: true })
  @Public()
  problem!: DealProblem | null;

  @Field(() => ID, { nullable: true, description: 'The event the change produced (read-your-writes token).' })
  @Public()
  eventId!: string | null;
}

@ObjectType()
@Public()
export class DealEdge {
  @Field(() => Deal)
  @Public()
  node!: Deal;

  @Field(() => String)
  @Public()
  cursor!: string;
}

@ObjectType()
@Public()
export class DealConnection {
  @Field(() => [DealEdge])
  @Public()
  edges!: DealEdge[];

  @Field(() => PageInfo)
  @Public()
  pageInfo!: PageInfo;
}

/** Every deal mutation goes through this frame (packages/write): the rules are in the services. */
export const dealWrites = defineWrites<Deal, DealResult>({
  entity: Deal,
  noun: 'deal',
  result: ({ entity, problem, eventId }) => ({ deal: entity, problem: problem as DealProblem | null, eventId }),
});
