import { RetryableError, retryAfterMs } from '@salesgraph/retry';

export type ChannelName = 'email' | 'sms' | 'whatsapp';

/** One message to one person; `to` is an e-mail address or an E.164 phone number. */
export interface OutgoingMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * A way of reaching people. `send` resolves with the provider's message id; it throws a
 * RetryableError for passing failures (429, 5xx, a refused connection, an SMTP 4xx) and a
 * ChannelRefused for ones that will not pass (a bad address, bad credentials).
 */
export interface NotificationChannel {
  readonly name: ChannelName;
  send(message: OutgoingMessage): Promise<string>;
}

export class ChannelRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelRefused';
  }
}

/** An HTTP answer of a messaging API, as a sent id or the right failure. */
async function idFromHttpAnswer(
  channel: string,
  response: Response,
  idOf: (body: unknown) => string | undefined,
): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const id = idOf(body);
    if (id) return id;
    throw new RetryableError(`${channel} answered ${response.status} without a message id`);
  }
  if (response.status === 429)
    throw new RetryableError(`${channel} throttled the message`, retryAfterMs(response.headers.get('retry-after')));
  if (response.status >= 500) throw new RetryableError(`${channel} answered ${response.status}`);
  throw new ChannelRefused(`${channel} refused the message (${response.status})`);
}

/**
 * Sends one message through a messaging API's HTTP endpoint (POST `request`) and resolves with
 * the id `idOf` finds in the answer; a refused or timed-out connection, a 429 or a 5xx is a
 * RetryableError, any other refusal a ChannelRefused.
 */
export async function postMessage(
  channel: string,
  request: { readonly url: string; readonly headers: Record<string, string>; readonly body: string },
  timeoutMs: number,
  idOf: (body: unknown) => string | undefined,
): Promise<string> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new RetryableError(`${channel} unreachable: ${(error as Error).name}`);
  }
  return idFromHttpAnswer(channel, response, idOf);
}

/** One POST to a messaging API. */
export interface MessageRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * A channel that sends each message with one POST to a messaging API's HTTP endpoint
 * (postMessage): a subclass says how a message becomes the request and where the answer holds
 * the provider's message id.
 */
export abstract class HttpMessageChannel<Settings extends { readonly timeoutMs: number }>
  implements NotificationChannel
{
  abstract readonly name: ChannelName;
  /** The provider's name in errors: `SMS unreachable`, `WhatsApp answered 503`. */
  protected abstract readonly provider: string;

  constructor(protected readonly settings: Settings) {}

  protected abstract requestFor(message: OutgoingMessage): MessageRequest;
  protected abstract messageIdIn(answer: unknown): string | undefined;

  send(message: OutgoingMessage): Promise<string> {
    return postMessage(this.provider, this.requestFor(message), this.settings.timeoutMs, (answer) =>
      this.messageIdIn(answer),
    );
  }
}
