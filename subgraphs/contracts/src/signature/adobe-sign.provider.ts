import type {
  Envelope,
  EnvelopeRequest,
  ReceivedCallback,
  SignatureProvider,
  VerifiedCallback,
} from './signature-provider.js';

/**
 * Adobe Sign (Acrobat Sign REST API v6), the production provider — an interface stub, NOT
 * implemented and not selectable in config yet. The intended mapping:
 * - createEnvelope: POST /agreements (participantSetsInfo = signers, state IN_PROCESS) ->
 *   the agreement id is the envelope id;
 * - verifyCallback: webhook notifications for AGREEMENT_WORKFLOW_COMPLETED, authenticated by
 *   the X-AdobeSign-ClientId echo and the webhook's shared secret; agreement id -> envelopeId.
 */
export class AdobeSignProvider implements SignatureProvider {
  readonly name = 'adobe-sign';

  createEnvelope(_request: EnvelopeRequest): Promise<Envelope> {
    return Promise.reject(new Error('Adobe Sign is not implemented yet'));
  }

  verifyCallback(_callback: ReceivedCallback): VerifiedCallback | null {
    throw new Error('Adobe Sign is not implemented yet');
  }
}
