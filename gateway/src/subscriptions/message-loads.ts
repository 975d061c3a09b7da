import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from '@salesgraph/logging';
import { encodeCursor, laterOf } from './cursor.js';
import { createEntityLoader, loadFailed, type EntityLoader, type EntityLoaderOptions } from './entity-loader.js';
import type { LogPosition, LoggedEvent } from './event-log.js';
import type { Delivery, FanOut } from './fan-out.js';
import { PreparedMessage } from './subscriber-outbox.js';
import { valueAt, type Subscriber } from './subscriber-groups.js';
import { SNAPSHOT_EVENT_TYPE, entitiesLoaded, messageText, type MessageMeta } from './subscription-message.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import type { SubscriptionPlan } from './subscription-plan.js';
import { deliveryTrace } from './subscription-telemetry.js';

export interface MessageLoadsOptions extends EntityLoaderOptions {
  readonly logger: Logger;
  readonly metrics: SubscriptionMetrics;
  readonly fanOut: FanOut;
}

/** Entity loads of one event, shared by the groups that select the same thing with the same access. */
export type EventLoads = Map<string, Promise<FormattedExecutionResult>>;

/**
 * Loading and shaping: the message of an event or a snapshot for a group — the entity loaded
 * as the group's representative through the federated query path (once per distinct
 * selection and access scope per event), then serialized once for the whole group.
 */
export class MessageLoads {
  private readonly load: EntityLoader;
  /** Snapshot loads in flight at `snapshotsAt`, by group: subscribers arriving meanwhile share them. */
  private readonly snapshots = new Map<string, Delivery>();
  private snapshotsAt = -1;

  constructor(private readonly options: MessageLoadsOptions) {
    this.load = createEntityLoader(options);
  }

  /**
   * "State restarts here" at the log's `position` in the subscriber's topic: the current entity
   * when `load` needs no id (pipelineChanged), else no entity. Subscribers of one group arriving
   * while its snapshot loads, with no event consumed since the load started, share it (it is as
   * current as their own would be).
   */
  snapshot(subscriber: Subscriber, position: LogPosition): Delivery {
    const { plan } = subscriber;
    const meta: MessageMeta = {
      cursor: encodeCursor(plan.source.topic, position.next),
      eventId: null,
      eventType: SNAPSHOT_EVENT_TYPE,
      occurredAt: new Date().toISOString(),
    };
    if (plan.source.idType) return { message: PreparedMessage.of(messageText(plan, meta, null)), subscribers: [] };
    if (this.snapshotsAt !== position.seq) {
      this.snapshots.clear();
      this.snapshotsAt = position.seq;
    }
    const { groupKey } = subscriber;
    const shared = this.snapshots.get(groupKey);
    if (shared) return shared;
    const loading: Delivery = { message: new PreparedMessage(), subscribers: [] };
    this.snapshots.set(groupKey, loading);
    void this.load(plan, subscriber.identity, null).then((result) => {
      if (this.snapshots.get(groupKey) === loading) this.snapshots.delete(groupKey);
      this.options.fanOut.resolve(loading, () => messageText(plan, meta, result));
    });
    return loading;
  }

  /**
   * The message of `event` for the subscriber's group; the entity load is shared through `loads`
   * (per event). Its cursor is the topic's position after the event, or, for a replay, the later
   * of that and the resumed cursor `floor` (the subscriber is past both).
   */
  event(subscriber: Subscriber, event: LoggedEvent, loads: EventLoads, floor?: readonly number[]): Delivery {
    const { plan } = subscriber;
    const { envelope } = event;
    const loadKey = `${plan.queryKey}\u0000${subscriber.scope}`;
    let loading = loads.get(loadKey);
    if (!loading) {
      const id =
        plan.source.idFrom[0] === 'aggregateId'
          ? envelope.aggregateId
          : valueAt(envelope.data, plan.source.idFrom.slice(1));
      loading = this.load(plan, subscriber.identity, typeof id === 'string' ? id : null);
      loads.set(loadKey, loading);
    }
    const meta: MessageMeta = {
      cursor: encodeCursor(plan.source.topic, floor ? laterOf(event.next, floor) : event.next),
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      occurredAt: envelope.occurredAt,
    };
    const occurredAt = Date.parse(envelope.occurredAt);
    const traced = deliveryTrace(plan.source.field, envelope);
    const delivery: Delivery = {
      message: new PreparedMessage(),
      subscribers: [],
      written: () => {
        this.options.metrics.eventDelivered(plan.source.field, (Date.now() - occurredAt) / 1000);
        traced.written(delivery.subscribers.length);
      },
    };
    void loading.then((result) => {
      this.options.fanOut.resolve(delivery, () => this.eventText(plan, meta, result));
      if (delivery.message.text === null) traced.dropped();
    });
    return delivery;
  }

  /**
   * An event's message for a group: the entity as loaded; nothing when the group may not see it
   * (or it is gone); the snapshot signal, with the load's errors, when it could not be loaded
   * even after the retries — the subscriber learns it missed an event instead of never knowing.
   */
  private eventText(plan: SubscriptionPlan, meta: MessageMeta, result: FormattedExecutionResult): string | null {
    if (entitiesLoaded(plan, result)) return messageText(plan, meta, result);
    const codes = result.errors?.map((error) => error.extensions?.['code']);
    if (loadFailed(plan, result)) {
      this.options.logger.warn(
        { field: plan.source.field, codes },
        'subscription entity not loaded after retries; snapshot signal sent instead of the event',
      );
      return messageText(
        plan,
        { ...meta, eventId: null, eventType: SNAPSHOT_EVENT_TYPE, occurredAt: new Date().toISOString() },
        result,
      );
    }
    if (codes?.length)
      this.options.logger.warn(
        { field: plan.source.field, codes },
        'subscription entity not loaded; event not delivered',
      );
    return null;
  }
}
