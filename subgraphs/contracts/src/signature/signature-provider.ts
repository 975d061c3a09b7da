/** The contract's terms, printed on the document sent for signature. */
export interface EnvelopeTerms {
  readonly companyId: string;
  readonly dealId: string;
  readonly planType: string;
  readonly contractedLives: number;
  readonly monthlyPremiumPerLife: string;
  readonly discountPercent: string;
  readonly monthlyValue: string;
  readonly annualValue: string;
  readonly startDate: string;
  readonly endDate: string;
}

/** What a provider needs to open a signature envelope; no personal data beyond the signers. */
export interface EnvelopeRequest {
  readonly tenantId: string;
  readonly contractId: string;
  readonly contractNumber: string;
  /** In signing order. */
  readonly signers: readonly { readonly name: string; readonly email: string }[];
  readonly terms: EnvelopeTerms;
}

export interface Envelope {
  readonly envelopeId: string;
}

/** Where an envelope stands at the provider. */
export type EnvelopeState = 'SENT' | 'SIGNED' | 'DECLINED' | 'CANCELLED' | 'EXPIRED';

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
 * An electronic signature provider: Adobe Sign in production (adobe-sign.provider.ts), the
 * LocalSignatureProvider otherwise.
 */
export interface SignatureProvider {
  /** Stored on the contract's signature, and named by callbacks. */
  readonly name: string;
  createEnvelope(request: EnvelopeRequest): Promise<Envelope>;
  /** Reads the envelope's state at the provider. */
  envelopeState(envelopeId: string): Promise<EnvelopeState>;
  /** Withdraws an envelope nobody has finished signing; the signers are told. */
  cancelEnvelope(envelopeId: string, reason: string): Promise<void>;
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
