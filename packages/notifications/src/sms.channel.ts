import { postMessage, type NotificationChannel, type OutgoingMessage } from './channel.js';

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
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms';

  constructor(private readonly settings: SmsSettings) {}

  async send(message: OutgoingMessage): Promise<string> {
    const { apiUrl, accountSid, authToken, from, timeoutMs } = this.settings;
    return postMessage(
      'SMS',
      {
        url: `${apiUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          To: message.to,
          From: from,
          Body: `${message.subject}\n${message.text}`,
        }).toString(),
      },
      timeoutMs,
      (body) => (body as { sid?: string } | null)?.sid,
    );
  }
}
