import type { EventEnvelope } from '@salesgraph/events';

/** An event as the engine saw it: the validated envelope and its position in this process's log. */
export interface LoggedEvent {
  readonly seq: number;
  readonly topic: string;
  readonly envelope: EventEnvelope;
}

export interface EventLogOptions {
  /** Events kept per topic and tenant. */
  readonly eventsPerTenant: number;
  /** Tenants kept per topic; the least recently active one is forgotten first. */
  readonly tenantsPerTopic: number;
}

export type Replay =
  /** Every event after the cursor is still held: these, oldest first. */
  | { readonly kind: 'events'; readonly events: readonly LoggedEvent[] }
  /** Some events after the cursor may be gone: the subscriber needs a snapshot. */
  | { readonly kind: 'window_exceeded' };

interface TenantRing {
  readonly events: LoggedEvent[];
  /** The newest seq this ring dropped (0: none). */
  droppedUpTo: number;
}

/**
 * The bounded memory behind resumable subscriptions: per topic, per tenant, the latest
 * `eventsPerTenant` events. A resume is answered from it only when nothing after the
 * cursor was dropped, neither from the tenant's ring nor with a forgotten tenant.
 */
export class EventLog {
  private seq = 0;
  /** topic -> tenant -> ring; Map order is least recently active first. */
  private readonly topics = new Map<string, Map<string, TenantRing>>();
  /** topic -> the newest seq of any forgotten tenant ring. */
  private readonly forgottenUpTo = new Map<string, number>();

  constructor(private readonly options: EventLogOptions) {}

  /** The position of the newest event (0 before the first). */
  get position(): number {
    return this.seq;
  }

  append(topic: string, envelope: EventEnvelope): LoggedEvent {
    const event: LoggedEvent = { seq: ++this.seq, topic, envelope };
    let tenants = this.topics.get(topic);
    if (!tenants) this.topics.set(topic, (tenants = new Map()));
    let ring = tenants.get(envelope.tenantId);
    if (ring) tenants.delete(envelope.tenantId);
    // A tenant seen for the first time may have had a ring that was forgotten: count its events as dropped.
    else ring = { events: [], droppedUpTo: this.forgottenUpTo.get(topic) ?? 0 };
    tenants.set(envelope.tenantId, ring);
    ring.events.push(event);
    if (ring.events.length > this.options.eventsPerTenant) ring.droppedUpTo = ring.events.shift()!.seq;
    if (tenants.size > this.options.tenantsPerTopic) {
      const [oldestTenant, oldest] = tenants.entries().next().value!;
      tenants.delete(oldestTenant);
      const newest = oldest.events.at(-1)?.seq ?? oldest.droppedUpTo;
      this.forgottenUpTo.set(topic, Math.max(this.forgottenUpTo.get(topic) ?? 0, newest));
    }
    return event;
  }

  /** The tenant's events of `topic` after position `after` (this process's positions only). */
  replay(topic: string, tenant: string, after: number): Replay {
    if (after > this.seq) return { kind: 'window_exceeded' };
    const ring = this.topics.get(topic)?.get(tenant);
    if (!ring)
      return after >= (this.forgottenUpTo.get(topic) ?? 0)
        ? { kind: 'events', events: [] }
        : { kind: 'window_exceeded' };
    if (after < ring.droppedUpTo) return { kind: 'window_exceeded' };
    return { kind: 'events', events: ring.events.filter((event) => event.seq > after) };
  }
}
