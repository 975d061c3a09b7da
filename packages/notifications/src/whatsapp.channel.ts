import { HttpMessageChannel, type MessageRequest, type OutgoingMessage } from './channel.js';

export interface WhatsAppSettings {
  /** https://graph.facebook.com/v21.0 (the Graph API version included) */
  readonly apiUrl: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  readonly timeoutMs: number;
}

/**
 * WhatsApp Business through Meta's Cloud API: POST /{phone-number-id}/messages with a Bearer
 * token and `{ messaging_product: "whatsapp", recipient_type: "individual", to, type: "text",
 * text: { preview_url: false, body } }` -> `{ messages: [{ id }] }`. (Outside a 24 h customer
 * window Meta only delivers approved templates: see the workflows README.)
 */
export class WhatsAppChannel extends HttpMessageChannel<WhatsAppSettings> {
  readonly name = 'whatsapp';
  protected readonly provider = 'WhatsApp';

  protected requestFor(message: OutgoingMessage): MessageRequest {
    const { apiUrl, phoneNumberId, accessToken } = this.settings;
    return {
      url: `${apiUrl}/${encodeURIComponent(phoneNumberId)}/messages`,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: message.to.replace(/^\+/, ''),
        type: 'text',
        text: { preview_url: false, body: `*${message.subject}*\n${message.text}` },
      }),
    };
  }

  protected messageIdIn(answer: unknown): string | undefined {
    return (answer as { messages?: { id?: string }[] } | null)?.messages?.[0]?.id;
  }
}
