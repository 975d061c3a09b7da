import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { ContractsContext } from '../context.js';
import { ContractResult } from '../contract/contract.results.js';
import type { SignatureProvider } from './signature-provider.js';
import { SignatureCallbackInput } from './signature.inputs.js';
import { receiveSignatureCallback } from './signature.service.js';

@Resolver()
export class SignatureCallbackResolver {
  constructor(private readonly signatures: SignatureProvider) {}

  @Mutation(() => ContractResult, {
    description:
      "The signature provider's callback (forwarded by the webhook bridge): verified, idempotent; SENT_FOR_SIGNATURE -> SIGNED.",
  })
  receiveSignatureCallback(
    @Arg('input', () => SignatureCallbackInput) input: SignatureCallbackInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return receiveSignatureCallback(context, this.signatures, input);
  }
}
