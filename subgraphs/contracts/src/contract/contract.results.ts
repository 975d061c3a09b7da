import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, Public } from '@salesgraph/subgraph';
import { defineWrites } from '@salesgraph/write';
import { Contract } from './contract.entity.js';

export enum ContractProblemReason {
  STALE_VERSION = 'STALE_VERSION',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  DEAL_NOT_FOUND = 'DEAL_NOT_FOUND',
  NOT_YET_VISIBLE = 'NOT_YET_VISIBLE',
  DEAL_STAGE_NOT_ELIGIBLE = 'DEAL_STAGE_NOT_ELIGIBLE',
  DEAL_NOT_WON = 'DEAL_NOT_WON',
}
registerEnumType(ContractProblemReason, {
  name: 'ContractProblemReason',
  valuesConfig: {
    STALE_VERSION: { description: 'The contract changed since the client read it; re-read and retry.' },
    INVALID_TRANSITION: { description: "The contract's status does not allow this change." },
    DEAL_NOT_FOUND: {
      description:
        "No deal with that id in the caller's tenant known to DealSnapshot (the same answer for an id of another tenant).",
    },
    NOT_YET_VISIBLE: {
      description:
        'The deal is not known here yet: `eventId` is the event (sent as Salesgraph-After-Event) to wait for with eventStatus before retrying.',
    },
    DEAL_STAGE_NOT_ELIGIBLE: { description: 'A contract can be drafted only for a deal in NEGOTIATION or CLOSED_WON.' },
    DEAL_NOT_WON: { description: 'A contract can be activated only when its deal is CLOSED_WON.' },
  },
});

@ObjectType({ description: 'An expected business outcome that stopped the change; nothing was written.' })
export class ContractProblem {
  @Field(() => ContractProblemReason)
  reason!: ContractProblemReason;

  @Field(() => String)
  message!: string;
}

@ObjectType({
  description: 'Either `contract` (changed, or unchanged when there was nothing to do) or `problem` (nothing changed).',
})
export class ContractResult {
  @Field(() => Contract, { nullable: true })
  contract!: Contract | null;

  @Field(() => ContractProblem, { nullable: true })
  problem!: ContractProblem | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The last event the change produced (read-your-writes token); null when nothing changed.',
  })
  eventId!: string | null;
}

@ObjectType()
@Public()
export class ContractEdge {
  @Field(() => Contract)
  @Public()
  node!: Contract;

  @Field(() => String)
  @Public()
  cursor!: string;
}

@ObjectType()
@Public()
export class ContractConnection {
  @Field(() => [ContractEdge])
  @Public()
  edges!: ContractEdge[];

  @Field(() => PageInfo)
  @Public()
  pageInfo!: PageInfo;
}

/** Every contract mutation goes through this frame (packages/write): the rules are in the services. */
export const contractWrites = defineWrites<Contract, ContractResult>({
  entity: Contract,
  noun: 'contract',
  result: ({ entity, problem, eventId }) => ({ contract: entity, problem: problem as ContractProblem | null, eventId }),
});
