/** What a provider needs to open a signature envelope; no personal data beyond the signers. */
export interface EnvelopeRequest {
  readonly tenantId: string;
  readonly contractId: string;
  readonly contractNumber: string;
  readonly signers: readonly { readonly name: string; readonly email: string }[];
}

export interface Envelope {
  readonly envelopeId: string;
}

/** A provider callback whose authenticity was verified. */
export interface VerifiedCallback {
  readonly envelopeId: string;
  readonly status: 'SIGNED';
  readonly signedAt: Date;
  /** E-mail -> when that signer signed. */
  readonly signers: readonly { readonly email: string; readonly signedAt: Date }[];
}

/** A provider callback as received: the raw body and the provider's signature over it. */
export interface ReceivedCallback {
  readonly payload: string;
  readonly signature: string;
}

/**
 * An electronic signature provider. Adobe Sign in production (see adobe-sign.provider.ts,
 * an interface stub for now); the LocalSignatureProvider otherwise.
 */
export interface SignatureProvider {
  /** Stored on the contract's signature, and named by callbacks. */
  readonly name: string;
  createEnvelope(request: EnvelopeRequest): Promise<Envelope>;
  /**
   * Verifies a callback's authenticity. Returns null when it is not authentic; throws
   * CallbackFormatError when it is authentic but not understood.
   */
  verifyCallback(callback: ReceivedCallback): VerifiedCallback | null;
}

export class CallbackFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackFormatError';
  }
}
