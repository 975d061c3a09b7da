import type { EventEnvelope } from '@salesgraph/events';
import type { PartitionOffset } from '@salesgraph/kafka';

/** An event as the engine saw it: where Kafka put it, and its place in this process's dispatch order. */
export interface LoggedEvent {
  /** This process's dispatch order (live delivery compares it; never leaves the process). */
  readonly seq: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The topic's position right after this event: per partition, the next offset. */
  readonly next: readonly number[];
  readonly envelope: EventEnvelope;
}

/** Where the log of one topic stands: the newest dispatch `seq`, and per partition the next offset. */
export interface LogPosition {
  readonly seq: number;
  readonly next: readonly number[];
}

export interface EventLogOptions {
  /** Events kept per topic and tenant. */
  readonly eventsPerTenant: number;
  /** Tenants kept per topic; the least recently active one is forgotten first. */
  readonly tenantsPerTopic: number;
}

export type Replay =
  /** Every event after the cursor is held: these, oldest first. */
  | { readonly kind: 'events'; readonly events: readonly LoggedEvent[] }
  /** The cursor names offsets this log has not reached yet (another instance is ahead): ask again later. */
  | { readonly kind: 'ahead' }
  /** Some event after the cursor may not be held: the subscriber needs a snapshot. */
  | { readonly kind: 'window_exceeded' };

interface TenantRing {
  readonly events: LoggedEvent[];
  /** Per partition, the newest offset this ring dropped (-1: none). */
  readonly droppedUpTo: number[];
}

interface TopicLog {
  /** Per partition, the offset from which every event was appended (counted as dropped once gone). */
  readonly from: number[];
  /** Per partition, the offset the next message will have. */
  readonly next: number[];
  /** tenant -> ring; Map order is least recently active first. */
  readonly tenants: Map<string, TenantRing>;
  /** Per partition, the newest offset of any forgotten tenant ring (-1: none). */
  readonly forgottenUpTo: number[];
}

/**
 * The bounded memory behind resumable subscriptions: per topic, per tenant, the latest
 * `eventsPerTenant` events, keyed by partition and offset. It knows, per partition, from
 * which offset it holds everything (where its consumer started, exactly, or the offset after
 * a gap), so it answers a resume only when it provably holds every event after the cursor:
 * none before its start, none dropped from the tenant's ring or with a forgotten tenant.
 */
export class EventLog {
  private seq = 0;
  private readonly topics = new Map<string, TopicLog>();

  constructor(private readonly options: EventLogOptions) {}

  /** The newest dispatch seq (0 before the first event). */
  get position(): number {
    return this.seq;
  }

  /** The topic's position (no offsets before it is consumed). */
  at(topic: string): LogPosition {
    return { seq: this.seq, next: [...(this.topics.get(topic)?.next ?? [])] };
  }

  /** The consumer starts at these offsets (the next offset of each partition); once per topic. */
  begin(starts: readonly PartitionOffset[]): void {
    for (const { topic, partition, offset } of starts) {
      const log = this.topicLog(topic);
      this.grow(log, partition);
      log.from[partition] = log.next[partition] = Number(offset);
    }
  }

  /** A message that is not an event: it only moves the position. */
  pass(topic: string, partition: number, offset: number): void {
    this.advance(this.topicLog(topic), partition, offset);
  }

  append(topic: string, partition: number, offset: number, envelope: EventEnvelope): LoggedEvent {
    const log = this.topicLog(topic);
    this.advance(log, partition, offset);
    const event: LoggedEvent = { seq: ++this.seq, topic, partition, offset, next: [...log.next], envelope };
    const { tenants } = log;
    let ring = tenants.get(envelope.tenantId);
    if (ring) tenants.delete(envelope.tenantId);
    // A tenant seen for the first time may have had a ring that was forgotten: count its events as dropped.
    else ring = { events: [], droppedUpTo: [...log.forgottenUpTo] };
    tenants.set(envelope.tenantId, ring);
    ring.events.push(event);
    if (ring.events.length > this.options.eventsPerTenant) {
      const dropped = ring.events.shift()!;
      ring.droppedUpTo[dropped.partition] = dropped.offset;
    }
    if (tenants.size > this.options.tenantsPerTopic) {
      const [oldestTenant, oldest] = tenants.entries().next().value!;
      tenants.delete(oldestTenant);
      oldest.droppedUpTo.forEach((upTo, p) => (log.forgottenUpTo[p] = Math.max(log.forgottenUpTo[p] ?? -1, upTo)));
      for (const held of oldest.events)
        log.forgottenUpTo[held.partition] = Math.max(log.forgottenUpTo[held.partition] ?? -1, held.offset);
    }
    return event;
  }

  /** The tenant's events of `topic` at or after the cursor's offsets (`next`, per partition). */
  replay(topic: string, tenant: string, next: readonly number[]): Replay {
    const log = this.topics.get(topic);
    if (!log || next.length !== log.next.length) return { kind: 'window_exceeded' };
    if (next.some((offset, p) => offset < log.from[p]!)) return { kind: 'window_exceeded' };
    if (next.some((offset, p) => offset > log.next[p]!)) return { kind: 'ahead' };
    const ring = log.tenants.get(tenant);
    const droppedUpTo = ring?.droppedUpTo ?? log.forgottenUpTo;
    if (next.some((offset, p) => (droppedUpTo[p] ?? -1) >= offset)) return { kind: 'window_exceeded' };
    return { kind: 'events', events: ring?.events.filter((event) => event.offset >= next[event.partition]!) ?? [] };
  }

  private topicLog(topic: string): TopicLog {
    let log = this.topics.get(topic);
    if (!log) this.topics.set(topic, (log = { from: [], next: [], tenants: new Map(), forgottenUpTo: [] }));
    return log;
  }

  /** Moves the partition past `offset`; after a gap (or on a partition not known at the start) it holds everything only from there. */
  private advance(log: TopicLog, partition: number, offset: number): void {
    this.grow(log, partition);
    if (offset !== log.next[partition] || offset < log.from[partition]!) log.from[partition] = offset;
    log.next[partition] = offset + 1;
  }

  private grow(log: TopicLog, partition: number): void {
    for (let p = log.next.length; p <= partition; p++) {
      // Nothing is known to be held until the partition's start or first message.
      log.from.push(Number.MAX_SAFE_INTEGER);
      log.next.push(0);
      log.forgottenUpTo.push(-1);
    }
  }
}
