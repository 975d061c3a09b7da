import { describeError, type Logger } from '@salesgraph/logging';
import type { PreparedMessage } from './subscriber-outbox.js';
import type { Subscriber } from './subscriber-groups.js';

/** One message being prepared for the subscribers of a group, flushed to each of them once ready. */
export interface Delivery {
  readonly message: PreparedMessage;
  readonly subscribers: Subscriber[];
  /** Runs once the message was written to the subscribers (those whose earlier messages were ready). */
  readonly written?: () => void;
}

/** Subscribers to flush, and what to do after the last one. */
interface Flush {
  readonly subscribers: readonly Subscriber[];
  readonly written?: () => void;
}

/** Subscribers flushed per turn of the event loop, so a large fan-out never holds up the consumers' heartbeats or loads. */
const FLUSH_BATCH = 1_000;

/**
 * Fan-out and back-pressure: offers each delivery to its subscribers' bounded outboxes, drops
 * a subscriber whose outbox is full (`overflowed`), and once a message is ready writes it to
 * the subscribers waiting for it, FLUSH_BATCH per turn of the event loop.
 */
export class FanOut {
  private readonly queue: Flush[] = [];
  private index = 0;
  private scheduled = false;

  constructor(
    private readonly logger: Logger,
    /** The subscriber fell behind by its outbox's bound: the engine forgets it, the transport drops the client. */
    private readonly overflowed: (subscriber: Subscriber) => void,
  ) {}

  /** Queues the delivery's message in the subscriber's outbox, in order; flushes it now if it is ready. */
  enqueue(subscriber: Subscriber, delivery: Delivery): void {
    const { outbox } = subscriber;
    if (outbox.offer(delivery.message)) {
      if (delivery.message.ready) this.flushLater({ subscribers: [subscriber] });
      else delivery.subscribers.push(subscriber);
      return;
    }
    if (outbox.closed) return;
    this.overflowed(subscriber);
    outbox.end();
    subscriber.onOverflow();
  }

  /** The delivery's message is known (`text` may throw: the group then gets nothing); its subscribers are flushed. */
  resolve(delivery: Delivery, text: () => string | null): void {
    try {
      delivery.message.resolve(text());
    } catch (error) {
      this.logger.error({ error: describeError(error) }, 'subscription message not prepared');
      delivery.message.resolve(null);
    }
    this.flushLater({
      subscribers: delivery.subscribers,
      written: delivery.message.text !== null ? delivery.written : undefined,
    });
  }

  private flushLater(flush: Flush): void {
    if (flush.subscribers.length === 0) return;
    this.queue.push(flush);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.flushSome);
  }

  private readonly flushSome = (): void => {
    let budget = FLUSH_BATCH;
    while (budget > 0 && this.queue.length > 0) {
      const { subscribers, written } = this.queue[0]!;
      while (this.index < subscribers.length && budget-- > 0) subscribers[this.index++]!.outbox.flush();
      if (this.index >= subscribers.length) {
        this.queue.shift();
        this.index = 0;
        written?.();
      }
    }
    if (this.queue.length > 0) setImmediate(this.flushSome);
    else this.scheduled = false;
  };
}
