import nodemailer, { type Transporter } from 'nodemailer';
import { RetryableError } from '@salesgraph/retry';
import { ChannelRefused, type NotificationChannel, type OutgoingMessage } from './channel.js';

export interface EmailSettings {
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 */
  readonly smtpUrl: string;
  readonly from: string;
  readonly timeoutMs: number;
}

/** E-mail over SMTP (nodemailer). SMTP 4xx answers and connection failures are retried; 5xx are refusals. */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(private readonly settings: EmailSettings) {
    const url = new URL(settings.smtpUrl);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
      secure: url.protocol === 'smtps:',
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
    });
  }

  async send(message: OutgoingMessage): Promise<string> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      return info.messageId;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw new ChannelRefused(`the SMTP server refused the message (${code})`);
      throw new RetryableError(`SMTP failed (${code ?? (error as { code?: string }).code ?? 'no answer'})`);
    }
  }

  close(): void {
    this.transport.close();
  }
}
