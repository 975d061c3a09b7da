import { z } from 'zod';
import type { AdobeSignClient } from './adobe-sign.client.js';
import { contractDocumentPdf } from './contract-document.pdf.js';
import type {
  Envelope,
  EnvelopeRequest,
  EnvelopeState,
  ReceivedCallback,
  SignatureProvider,
  VerifiedCallback,
} from './signature-provider.js';

/** Acrobat Sign agreement statuses (REST v6) -> our envelope states. */
const agreementStates: Readonly<Record<string, EnvelopeState>> = {
  SIGNED: 'SIGNED',
  APPROVED: 'SIGNED',
  ACCEPTED: 'SIGNED',
  DELIVERED: 'SIGNED',
  FORM_FILLED: 'SIGNED',
  CANCELLED: 'CANCELLED',
  EXPIRED: 'EXPIRED',
};

/** Webhook events that change where an agreement stands; every other event is only acknowledged. */
export const agreementEventStates: Readonly<Record<string, EnvelopeState>> = {
  AGREEMENT_WORKFLOW_COMPLETED: 'SIGNED',
  AGREEMENT_REJECTED: 'DECLINED',
  AGREEMENT_RECALLED: 'CANCELLED',
  AGREEMENT_EXPIRED: 'EXPIRED',
};

/** The part of a webhook notification we read (Adobe adds fields over time: the rest is ignored). */
const notificationBody = z.object({
  webhookNotificationId: z.string().max(256).optional(),
  event: z.string().min(1).max(128),
  eventDate: z.iso.datetime({ offset: true }),
  agreement: z.object({ id: z.string().min(1).max(128) }),
});

export interface AgreementNotification {
  readonly notificationId: string | undefined;
  readonly event: string;
  readonly eventDate: Date;
  readonly agreementId: string;
  /** null: an event that changes nothing here (created, viewed, one participant done...). */
  readonly state: EnvelopeState | null;
}

/** Parses a webhook notification body; throws when it is not one. */
export function parseAgreementNotification(payload: string): AgreementNotification {
  const parsed = notificationBody.parse(JSON.parse(payload));
  return {
    notificationId: parsed.webhookNotificationId,
    event: parsed.event,
    eventDate: new Date(parsed.eventDate),
    agreementId: parsed.agreement.id,
    state: agreementEventStates[parsed.event] ?? null,
  };
}

export interface AdobeSignProviderOptions {
  readonly client: AdobeSignClient;
  /** The OAuth application's client id: Adobe sends it in X-AdobeSign-ClientId with every webhook call. */
  readonly clientId: string;
  /** The first party printed on the contract document. */
  readonly operatorName: string;
  readonly now?: () => Date;
}

/**
 * Adobe Sign (Acrobat Sign REST API v6), the production provider:
 * - createEnvelope: the contract PDF (contract-document.pdf.ts) to POST /transientDocuments,
 *   then POST /agreements with one participant set per signer, in the order given, state
 *   IN_PROCESS; the agreement id is the envelope id;
 * - envelopeState: GET /agreements/{id}; cancelEnvelope: PUT /agreements/{id}/state CANCELLED;
 * - callbacks arrive at the webhook (adobe-sign.webhook.ts), never through the GraphQL
 *   callback mutation: Adobe signs no notification body, so the webhook checks the client id
 *   and confirms the agreement's status with Adobe before the contract moves.
 */
export class AdobeSignProvider implements SignatureProvider {
  readonly name = 'adobe-sign';

  constructor(private readonly options: AdobeSignProviderOptions) {}

  get clientId(): string {
    return this.options.clientId;
  }

  async createEnvelope(request: EnvelopeRequest): Promise<Envelope> {
    const { client } = this.options;
    const pdf = await contractDocumentPdf(request, {
      operatorName: this.options.operatorName,
      issuedAt: (this.options.now ?? (() => new Date()))(),
    });
    const fileName = `contrato-${request.contractNumber}.pdf`;
    const form = new FormData();
    form.set('File-Name', fileName);
    form.set('Mime-Type', 'application/pdf');
    form.set('File', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), fileName);
    const { transientDocumentId } = await client.call<{ transientDocumentId: string }>('POST', '/transientDocuments', {
      form,
    });
    const agreement = await client.call<{ id: string }>('POST', '/agreements', {
      json: {
        name: `Contrato ${request.contractNumber}`,
        fileInfos: [{ transientDocumentId }],
        participantSetsInfo: request.signers.map((signer, index) => ({
          order: index + 1,
          role: 'SIGNER',
          memberInfos: [{ email: signer.email, name: signer.name }],
        })),
        signatureType: 'ESIGN',
        state: 'IN_PROCESS',
        externalId: { id: request.contractId },
      },
    });
    return { envelopeId: agreement.id };
  }

  async envelopeState(envelopeId: string): Promise<EnvelopeState> {
    const agreement = await this.options.client.call<{ status: string }>(
      'GET',
      `/agreements/${encodeURIComponent(envelopeId)}`,
    );
    return agreementStates[agreement.status] ?? 'SENT';
  }

  async cancelEnvelope(envelopeId: string, reason: string): Promise<void> {
    await this.options.client.call('PUT', `/agreements/${encodeURIComponent(envelopeId)}/state`, {
      json: { state: 'CANCELLED', agreementCancellationInfo: { comment: reason, notifyOthers: true } },
    });
  }

  /** Always null: see the class comment (the webhook confirms notifications with Adobe instead). */
  verifyCallback(_callback: ReceivedCallback): VerifiedCallback | null {
    return null;
  }
}
