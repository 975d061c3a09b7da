import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize, Public, RequiresScopes } from '@salesgraph/subgraph';
import type { ContractsContext } from '../context.js';
import type { SignatureProvider } from '../signature/signature-provider.js';
import { Company } from '../company/company.entity.js';
import { Deal } from '../deal/deal.entity.js';
import { Contract } from './contract.entity.js';
import {
  ChangeContractStatusInput,
  ContractFilter,
  ContractVersionInput,
  DraftContractInput,
  ReviseContractInput,
  SendContractForSignatureInput,
} from './contract.inputs.js';
import { ContractConnection, ContractResult } from './contract.results.js';
import {
  activateContract,
  draftContract,
  reviseContract,
  sendContractForSignature,
  submitContract,
  suspendContract,
  terminateContract,
} from './contract.service.js';
import { findContracts } from './contract.queries.js';
import { contractLoader } from './contract.reference.js';

@Resolver(() => Contract)
export class ContractResolver {
  constructor(private readonly signatures: SignatureProvider) {}

  @Query(() => Contract, { nullable: true, description: 'A contract the caller may see.' })
  @Public()
  @RequiresScopes('contracts:read')
  contract(@Public() @Arg('id', () => ID) id: string, @Ctx() context: ContractsContext): Promise<Contract | null> {
    return contractLoader(context).load(id);
  }

  @Query(() => ContractConnection, { description: 'The contracts the caller may see, oldest first.' })
  @Public()
  @RequiresScopes('contracts:read')
  contracts(
    @Public() @Arg('filter', () => ContractFilter, { nullable: true }) filter: ContractFilter | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: ContractsContext,
  ) {
    return findContracts(context.em, context.identity, filter, pageSize(first), after);
  }

  @Mutation(() => ContractResult, { description: 'Drafts a contract for a deal in NEGOTIATION or CLOSED_WON.' })
  draftContract(
    @Arg('input', () => DraftContractInput) input: DraftContractInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return draftContract(context.em, context.identity, input);
  }

  @Mutation(() => ContractResult, {
    description: "Changes a DRAFT's terms, or takes a REJECTED contract back to DRAFT.",
  })
  reviseContract(
    @Arg('input', () => ReviseContractInput) input: ReviseContractInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return reviseContract(context.em, context.identity, input);
  }

  @Mutation(() => ContractResult, {
    description: "DRAFT -> PENDING_APPROVAL (an approval task at the contract's level), or APPROVED at once when AUTO.",
  })
  submitContract(
    @Arg('input', () => ContractVersionInput) input: ContractVersionInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return submitContract(context.em, context.identity, input);
  }

  @Mutation(() => ContractResult, { description: 'APPROVED -> SENT_FOR_SIGNATURE through the signature provider.' })
  sendContractForSignature(
    @Arg('input', () => SendContractForSignatureInput) input: SendContractForSignatureInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return sendContractForSignature(context.em, context.identity, this.signatures, input);
  }

  @Mutation(() => ContractResult, { description: 'SIGNED (or SUSPENDED) -> ACTIVE; the deal must be CLOSED_WON.' })
  activateContract(
    @Arg('input', () => ContractVersionInput) input: ContractVersionInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return activateContract(context.em, context.identity, input);
  }

  @Mutation(() => ContractResult, { description: 'ACTIVE -> SUSPENDED.' })
  suspendContract(
    @Arg('input', () => ChangeContractStatusInput) input: ChangeContractStatusInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return suspendContract(context.em, context.identity, input);
  }

  @Mutation(() => ContractResult, { description: 'ACTIVE or SUSPENDED -> TERMINATED.' })
  terminateContract(
    @Arg('input', () => ChangeContractStatusInput) input: ChangeContractStatusInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return terminateContract(context.em, context.identity, input);
  }

  @FieldResolver(() => Company, {
    nullable: true,
    description: 'Null, with a NOT_FOUND error on this path, when it is gone or not visible to the caller.',
  })
  @Public()
  company(@Root() contract: Contract): Company {
    return { id: contract.companyId };
  }

  @FieldResolver(() => Deal, {
    nullable: true,
    description: 'Null, with a NOT_FOUND error on this path, when it is gone or not visible to the caller.',
  })
  @Public()
  deal(@Root() contract: Contract): Deal {
    return { id: contract.dealId };
  }
}
