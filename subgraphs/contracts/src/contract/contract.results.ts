import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, Public } from '@salesgraph/subgraph';
import { Contract } from './contract.entity.js';

export enum ContractProblemReason {
  STALE_VERSION = 'STALE_VERSION',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  DEAL_NOT_FOUND = 'DEAL_NOT_FOUND',
  DEAL_STAGE_NOT_ELIGIBLE = 'DEAL_STAGE_NOT_ELIGIBLE',
  DEAL_NOT_WON = 'DEAL_NOT_WON',
}
registerEnumType(ContractProblemReason, {
  name: 'ContractProblemReason',
  valuesConfig: {
    STALE_VERSION: { description: 'The contract changed since the client read it; re-read and retry.' },
    INVALID_TRANSITION: { description: "The contract's status does not allow this change." },
    DEAL_NOT_FOUND: { description: 'The deal is not known to contracts (yet): its events have not arrived.' },
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

/**
 * Thrown inside a transaction to stop a change with a business outcome: the transaction
 * rolls back, so nothing partial is persisted, and the caller gets the `problem`.
 */
export class ContractProblemError extends Error {
  constructor(
    readonly reason: ContractProblemReason,
    message: string,
  ) {
    super(message);
    this.name = 'ContractProblemError';
  }

  toResult(): ContractResult {
    return { contract: null, problem: { reason: this.reason, message: this.message }, eventId: null };
  }
}
