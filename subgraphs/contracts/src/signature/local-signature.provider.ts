import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  CallbackFormatError,
  type Envelope,
  type EnvelopeRequest,
  type EnvelopeState,
  type ReceivedCallback,
  type SignatureProvider,
  type VerifiedCallback,
} from './signature-provider.js';

const callbackBody = z.object({
  envelopeId: z.string().min(1).max(128),
  status: z.literal('SIGNED'),
  signedAt: z.iso.datetime({ offset: true }),
  signers: z.array(z.object({ email: z.string(), signedAt: z.iso.datetime({ offset: true }) })).max(50),
});

export type LocalCallbackBody = z.input<typeof callbackBody>;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * The signature provider for development and tests: envelopes are ids only (nobody is
 * e-mailed); a "signed" callback is a JSON body authenticated by HMAC-SHA256 over the exact
 * bytes with a shared secret, hex encoded — the way hosted providers sign webhooks.
 */
export class LocalSignatureProvider implements SignatureProvider {
  readonly name = 'local';
  /** Envelopes cancelled in this process; the local provider keeps no other state. */
  private readonly cancelled = new Set<string>();

  constructor(private readonly secret: string) {}

  createEnvelope(_request: EnvelopeRequest): Promise<Envelope> {
    return Promise.resolve({ envelopeId: `local-${randomUUID()}` });
  }

  /** SENT until cancelled here: the local provider learns of signatures only through callbacks. */
  envelopeState(envelopeId: string): Promise<EnvelopeState> {
    return Promise.resolve(this.cancelled.has(envelopeId) ? 'CANCELLED' : 'SENT');
  }

  cancelEnvelope(envelopeId: string, _reason: string): Promise<void> {
    this.cancelled.add(envelopeId);
    return Promise.resolve();
  }

  /** What the local provider POSTs when everyone has signed (used by tests and demo data). */
  signedCallback(body: LocalCallbackBody): ReceivedCallback {
    return this.signPayload(JSON.stringify(body));
  }

  /** Signs any body as the local provider would (tests use it for authentic but unexpected bodies). */
  signPayload(payload: string): ReceivedCallback {
    return { payload, signature: this.sign(payload) };
  }

  verifyCallback(callback: ReceivedCallback): VerifiedCallback | null {
    if (!HEX_SHA256.test(callback.signature)) return null;
    const expected = Buffer.from(this.sign(callback.payload), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(callback.signature, 'hex'))) return null;
    let parsed: z.output<typeof callbackBody>;
    try {
      parsed = callbackBody.parse(JSON.parse(callback.payload));
    } catch {
      throw new CallbackFormatError('The callback body is not a local provider callback');
    }
    return {
      envelopeId: parsed.envelopeId,
      status: parsed.status,
      signedAt: new Date(parsed.signedAt),
      signers: parsed.signers.map((signer) => ({ email: signer.email, signedAt: new Date(signer.signedAt) })),
    };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload, 'utf8').digest('hex');
  }
}
