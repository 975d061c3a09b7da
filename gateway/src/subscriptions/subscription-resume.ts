import { topicTag, type Cursor } from './cursor.js';
import type { EventLog } from './event-log.js';
import type { FanOut } from './fan-out.js';
import type { EventLoads, MessageLoads } from './message-loads.js';
import { eventMatches, type Subscriber } from './subscriber-groups.js';

export interface SubscriptionResumeOptions {
  readonly log: EventLog;
  readonly loads: MessageLoads;
  readonly fanOut: FanOut;
  readonly queueMax: number;
  /** How long a resume waits for this process to reach a cursor another instance issued ahead of it. */
  readonly catchUpMs: number;
}

/** Replayed events' entity loads are shared for this long among subscribers resuming at once (a reconnect wave). */
const SHARED_REPLAY_LOADS_MS = 2_000;

/**
 * Resuming subscribers from a cursor (SUBSCRIPTIONS.md, section 5): the tenant's matching
 * events after it when the log provably holds all of them, else a snapshot. A cursor ahead of
 * this process (another instance had consumed further) waits, the subscriber not yet live,
 * until the log reaches it — at most `catchUpMs`, then a snapshot.
 */
export class SubscriptionResume {
  private readonly waiting = new Map<Subscriber, { readonly cursor: Cursor; readonly timer: NodeJS.Timeout }>();
  /** dispatch seq -> the loads of that event's replays. */
  private replayLoads = new Map<number, EventLoads>();
  private replayLoadsSince = 0;

  constructor(private readonly options: SubscriptionResumeOptions) {}

  resume(subscriber: Subscriber, cursor: Cursor): void {
    const { log, fanOut, loads } = this.options;
    const { plan } = subscriber;
    const { topic } = plan.source;
    const replay =
      cursor.topicTag === topicTag(topic)
        ? log.replay(topic, subscriber.identity.tenant, cursor.next)
        : ({ kind: 'window_exceeded' } as const);
    if (replay.kind === 'ahead') {
      if (this.waiting.has(subscriber)) return;
      subscriber.liveAfter = Number.POSITIVE_INFINITY;
      const timer = setTimeout(() => this.snapshot(subscriber), this.options.catchUpMs);
      this.waiting.set(subscriber, { cursor, timer });
      return;
    }
    this.forget(subscriber);
    subscriber.liveAfter = log.position;
    const missed =
      replay.kind === 'events' ? replay.events.filter((event) => eventMatches(plan, event.envelope)) : null;
    if (!missed || missed.length >= this.options.queueMax) {
      fanOut.enqueue(subscriber, loads.snapshot(subscriber, log.at(topic)));
      return;
    }
    const now = Date.now();
    if (now - this.replayLoadsSince > SHARED_REPLAY_LOADS_MS) {
      this.replayLoads = new Map();
      this.replayLoadsSince = now;
    }
    for (const event of missed) {
      let shared = this.replayLoads.get(event.seq);
      if (!shared) this.replayLoads.set(event.seq, (shared = new Map()));
      fanOut.enqueue(subscriber, loads.event(subscriber, event, shared, cursor.next));
    }
  }

  /** The log moved on in `topic`: the resumes waiting for it try again. */
  moved(topic: string): void {
    for (const [subscriber, { cursor }] of this.waiting)
      if (subscriber.plan.source.topic === topic) this.resume(subscriber, cursor);
  }

  /** The subscriber ended: it no longer waits. */
  forget(subscriber: Subscriber): void {
    const waiting = this.waiting.get(subscriber);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(subscriber);
  }

  private snapshot(subscriber: Subscriber): void {
    if (!this.waiting.delete(subscriber)) return;
    subscriber.liveAfter = this.options.log.position;
    this.options.fanOut.enqueue(
      subscriber,
      this.options.loads.snapshot(subscriber, this.options.log.at(subscriber.plan.source.topic)),
    );
  }
}
