import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import type { EventEnvelope } from '@salesgraph/events';
import type { SubscriberOutbox } from './subscriber-outbox.js';
import type { SubscriptionPlan } from './subscription-plan.js';

/** A client's subscription request, kept so it can be planned again after a supergraph change. */
export interface SubscriptionRequest {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** One active subscription, as the engine's parts see it. */
export interface Subscriber {
  readonly identity: Identity;
  readonly scope: string;
  readonly request: SubscriptionRequest;
  readonly outbox: SubscriberOutbox;
  readonly onOverflow: () => void;
  plan: SubscriptionPlan;
  /** groupKey(plan, scope): subscribers with equal keys are sent the same message for an event. */
  groupKey: string;
  /** Live events at or before this dispatch seq were replayed or superseded by a snapshot (Infinity: a resume waits). */
  liveAfter: number;
}

/** Subscribers of one tenant and field who get the same messages: same selection, filter arguments and access scope. */
export type Group = Set<Subscriber>;

/** The value at `path` inside `value` (undefined when a step is missing). */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const same = (expected: unknown, actual: unknown): boolean =>
  Array.isArray(actual)
    ? actual.some((item) => same(expected, item))
    : actual !== undefined && actual !== null && String(expected) === String(actual);

/** Subscribers with equal keys match the same events and are sent the same message text for each. */
export const groupKey = (plan: SubscriptionPlan, scope: string): string =>
  `${plan.messageKey}\u0000${scope}\u0000${JSON.stringify(plan.source.filters.map((filter) => valueAt(plan.args, filter.argument) ?? null))}`;

/** Whether the event feeds the plan's field and passes its argument filters. */
export function eventMatches(plan: SubscriptionPlan, envelope: EventEnvelope): boolean {
  if (!plan.source.events.has(envelope.eventType)) return false;
  return plan.source.filters.every((filter) => {
    const expected = valueAt(plan.args, filter.argument);
    if (expected === undefined || expected === null) return true;
    const actual = valueAt(envelope.data, filter.data);
    return Array.isArray(expected) ? expected.some((value) => same(value, actual)) : same(expected, actual);
  });
}

/**
 * Matching events to subscribers: the active subscribers indexed by topic, then tenant, then
 * group key, so an event is matched once per group rather than once per subscriber.
 */
export class SubscriberGroups {
  /** topic -> tenant -> group key -> the group's subscribers. */
  private readonly index = new Map<string, Map<string, Map<string, Group>>>();

  /** The groups of a topic's subscribers in one tenant. */
  of(topic: string, tenant: string): ReadonlyMap<string, Group> | undefined {
    return this.index.get(topic)?.get(tenant);
  }

  add(subscriber: Subscriber): void {
    const { topic } = subscriber.plan.source;
    let tenants = this.index.get(topic);
    if (!tenants) this.index.set(topic, (tenants = new Map()));
    let groups = tenants.get(subscriber.identity.tenant);
    if (!groups) tenants.set(subscriber.identity.tenant, (groups = new Map()));
    let group = groups.get(subscriber.groupKey);
    if (!group) groups.set(subscriber.groupKey, (group = new Set()));
    group.add(subscriber);
  }

  delete(subscriber: Subscriber): void {
    const tenants = this.index.get(subscriber.plan.source.topic);
    const groups = tenants?.get(subscriber.identity.tenant);
    const group = groups?.get(subscriber.groupKey);
    if (!group?.delete(subscriber)) return;
    if (group.size === 0) groups!.delete(subscriber.groupKey);
    if (groups!.size === 0) tenants!.delete(subscriber.identity.tenant);
  }
}
