/**
 * The text of one message for every subscriber of a group (one event or snapshot, one
 * selection, one access scope): prepared once, sent as is to each of them. Until `ready`, the
 * entity is still loading; once ready, `text` is the JSON of the ExecutionResult, or null when
 * the group gets nothing (the entity is not visible to it).
 */
export class PreparedMessage {
  ready = false;
  text: string | null = null;
  private encoded: Buffer | null = null;

  static of(text: string | null): PreparedMessage {
    const message = new PreparedMessage();
    message.resolve(text);
    return message;
  }

  resolve(text: string | null): void {
    this.text = text;
    this.ready = true;
  }

  /** `text` as UTF-8, encoded once for every socket it is written to. */
  get bytes(): Buffer {
    this.encoded ??= Buffer.from(this.text ?? '', 'utf8');
    return this.encoded;
  }
}

/** A message ready to send: its JSON text, and the same as UTF-8. */
export type ReadyMessage = Pick<PreparedMessage, 'text' | 'bytes'> & { readonly text: string };

/**
 * Writes messages (each the JSON of an ExecutionResult) to the subscriber's transport, in
 * order: usually one, several when the subscriber had fallen behind (one write for them all).
 */
export type SendMessages = (messages: readonly ReadyMessage[]) => void;

/**
 * The ordered, bounded outbox of one subscription. Messages are prepared concurrently (an
 * entity load starts as soon as its event arrives) and shared by groups of subscribers, but
 * each subscriber's messages leave in the order they were offered: `flush` sends the ready
 * ones at the head and stops at the first one still loading. When `max` messages wait, `offer`
 * refuses and the transport drops the client instead of growing memory.
 *
 * It is also the AsyncGenerator a transport holds for the subscription's lifetime: nothing is
 * sent before the transport first calls `next` (graphql-ws has then registered the operation),
 * `next` resolves done when the server ends the subscription after its last message, and
 * `return` ends it from the client's side. It never yields: messages go to `send` directly.
 */
export class SubscriberOutbox implements AsyncGenerator<never, undefined> {
  private readonly pending: PreparedMessage[] = [];
  private reading = false;
  private ending = false;
  private ended = false;
  private readonly done: Promise<IteratorResult<never, undefined>>;
  private resolveDone!: (result: IteratorResult<never, undefined>) => void;

  constructor(
    private readonly max: number,
    private readonly send: SendMessages,
    /** Runs once, when the subscription ends (either side). */
    private readonly onClose: () => void,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get size(): number {
    return this.pending.length;
  }

  get closed(): boolean {
    return this.ended || this.ending;
  }

  /** Queues a message; false when the outbox is full (or ending) and the message was not taken. */
  offer(message: PreparedMessage): boolean {
    if (this.closed || this.pending.length >= this.max) return false;
    this.pending.push(message);
    return true;
  }

  /** Sends the ready messages at the head, in order; returns how many were sent. */
  flush(): number {
    if (!this.reading || this.ended) return 0;
    let ready = 0;
    while (ready < this.pending.length && this.pending[ready]!.ready) ready++;
    const messages = this.pending
      .splice(0, ready)
      .filter((message): message is PreparedMessage & ReadyMessage => message.text !== null);
    if (messages.length > 0) this.send(messages);
    if (this.ending && this.pending.length === 0) this.close();
    return messages.length;
  }

  /** Ends the subscription after the messages already taken (a final error message may be offered first). */
  end(): void {
    this.ending = true;
    this.flush();
  }

  next(): Promise<IteratorResult<never, undefined>> {
    if (!this.reading) {
      this.reading = true;
      this.flush();
    }
    return this.done;
  }

  return(): Promise<IteratorResult<never, undefined>> {
    this.close();
    return this.done;
  }

  async throw(error: unknown): Promise<IteratorResult<never, undefined>> {
    this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  private close(): void {
    if (this.ended) return;
    this.ended = true;
    this.pending.length = 0;
    this.onClose();
    this.resolveDone({ value: undefined, done: true });
  }
}
