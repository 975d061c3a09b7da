import type { ExecutionResult } from 'graphql';

/** A message being prepared: null once prepared means "nothing for this subscriber". */
export type PendingMessage = Promise<ExecutionResult | null>;

/**
 * The ordered, bounded outbox of one subscriber: messages are prepared concurrently (entity
 * fetches run as soon as an event arrives) but delivered in event order, one at a time, as
 * the transport pulls. When `max` messages wait — the client reads slower than events arrive —
 * `offer` refuses and the transport drops the client instead of growing memory.
 */
export class SubscriberQueue implements AsyncGenerator<ExecutionResult, undefined> {
  private readonly pending: PendingMessage[] = [];
  private wake: (() => void) | null = null;
  private ended = false;

  constructor(
    private readonly max: number,
    /** Runs once, when the consumer stops pulling (return, or the end of the stream). */
    private readonly onClose: () => void,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  get closed(): boolean {
    return this.ended;
  }

  /** Adds a message; false when the queue is full (or closed) and the message was not taken. */
  offer(message: PendingMessage): boolean {
    if (this.ended || this.pending.length >= this.max) return false;
    // Settled later, in order; an unexpected rejection must not become an unhandled one meanwhile.
    message.catch(() => undefined);
    this.pending.push(message);
    this.wake?.();
    return true;
  }

  /** Ends the stream after the messages already taken (a final error message may be offered first). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.wake?.();
  }

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    for (;;) {
      const message = this.pending.shift();
      if (message) {
        const result = await message;
        if (result) return { value: result, done: false };
        continue;
      }
      if (this.ended) return this.finish();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.pending.length = 0;
    this.ended = true;
    this.wake?.();
    return this.finish();
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.return();
    throw error;
  }

  private closeOnce: (() => void) | null = () => this.onClose();

  private finish(): IteratorResult<ExecutionResult, undefined> {
    const close = this.closeOnce;
    this.closeOnce = null;
    close?.();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
