import { HttpMessageChannel, type MessageRequest, type OutgoingMessage } from './channel.js';

export interface SmsSettings {
  /** https://api.twilio.com (no path) */
  readonly apiUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The sending number (E.164) or messaging service. */
  readonly from: string;
  readonly timeoutMs: number;
}

/**
 * SMS through Twilio's Messages API: POST /2010-04-01/Accounts/{AccountSid}/Messages.json,
 * HTTP Basic (AccountSid:AuthToken), form `To`, `From`, `Body` -> 201 `{ sid, status }`.
 * The subject goes first in the body (an SMS has none).
 */
export class SmsChannel extends HttpMessageChannel<SmsSettings> {
  readonly name = 'sms';
  protected readonly provider = 'SMS';

  protected requestFor(message: OutgoingMessage): MessageRequest {
    const { apiUrl, accountSid, authToken, from } = this.settings;
    return {
      url: `${apiUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: message.to, From: from, Body: `${message.subject}\n${message.text}` }).toString(),
    };
  }

  protected messageIdIn(answer: unknown): string | undefined {
    return (answer as { sid?: string } | null)?.sid;
  }
}
