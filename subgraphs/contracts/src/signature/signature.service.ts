import { appError, badInput } from '@salesgraph/errors';
import type { WriteRequest } from '@salesgraph/write';
import { Contract, ContractSignature, SignatureStatus } from '../contract/contract.entity.js';
import { ContractStatus } from '../contract/contract-status.js';
import { contractWrites, type ContractResult } from '../contract/contract.results.js';
import { transition } from '../contract/contract.change.js';
import { contractEvent } from '../contract/contract.events.js';
import { CallbackFormatError, type SignatureProvider, type VerifiedCallback } from './signature-provider.js';
import type { SignatureCallbackInput } from './signature.inputs.js';

function verify(provider: SignatureProvider, input: SignatureCallbackInput): VerifiedCallback {
  if (input.provider !== provider.name) throw badInput('provider', `this deployment signs with "${provider.name}"`);
  let callback: VerifiedCallback | null;
  try {
    callback = provider.verifyCallback({ payload: input.payload, signature: input.signature });
  } catch (error) {
    if (error instanceof CallbackFormatError) throw badInput('payload', error.message);
    throw error;
  }
  if (!callback) throw appError('FORBIDDEN', 'The callback signature could not be verified');
  return callback;
}

/**
 * Applies a verified provider callback: SENT_FOR_SIGNATURE -> SIGNED with `contract.signed`.
 * Idempotent: a callback for an envelope already signed changes nothing and writes no event.
 * The caller's own roles do not matter (the provider's signature is the authority); the
 * tenant filter still scopes the envelope lookup to the caller's tenant. The change goes
 * through the write frame (row lock, no client version: the provider's callback is the state).
 */
export async function receiveSignatureCallback(
  request: WriteRequest,
  provider: SignatureProvider,
  input: SignatureCallbackInput,
): Promise<ContractResult> {
  const callback = verify(provider, input);
  const waiting = await request.em.findOne(
    Contract,
    { signature: { provider: provider.name, envelopeId: callback.envelopeId } },
    { fields: ['id'] },
  );
  if (!waiting) throw appError('NOT_FOUND', 'No contract is waiting for this envelope', { field: 'payload' });
  return contractWrites.change(request, {
    operation: 'contracts.receiveSignatureCallback',
    input,
    target: { id: waiting.id },
    rules: (_tx, contract) => {
      if (contract.signature?.status === SignatureStatus.SIGNED) return { entity: contract, events: [] };
      transition(contract, ContractStatus.SIGNED);
      const signedAt = new Map(callback.signers.map((signer) => [signer.email.toLowerCase(), signer.signedAt]));
      contract.signature = Object.assign(new ContractSignature(), {
        ...contract.signature,
        status: SignatureStatus.SIGNED,
        signedAt: callback.signedAt,
        signers: (contract.signature?.signers ?? []).map((signer) => ({
          ...signer,
          signedAt: signedAt.get(signer.email) ?? callback.signedAt,
        })),
      });
      const origin = { tenantId: request.identity.tenant, actor: `signature-provider:${provider.name}` };
      const signed = contractEvent(origin, contract, 'contract.signed', { signedAt: callback.signedAt.toISOString() });
      return { entity: contract, events: [signed] };
    },
  });
}
