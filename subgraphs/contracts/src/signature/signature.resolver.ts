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
      "The local signature provider's callback (raw body and HMAC): verified, idempotent; SENT_FOR_SIGNATURE -> SIGNED. Adobe Sign notifications arrive at /webhooks/adobe-sign instead.",
  })
  receiveSignatureCallback(
    @Arg('input', () => SignatureCallbackInput) input: SignatureCallbackInput,
    @Ctx() context: ContractsContext,
  ): Promise<ContractResult> {
    return receiveSignatureCallback(context.em, context.identity, this.signatures, input);
  }
}
