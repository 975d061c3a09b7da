import {
  specifiedRules,
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import { parseEvent, type EventEnvelope } from '@salesgraph/events';
import type { BusConsumer, BusMessage, MessageBus } from '@salesgraph/kafka';
import { describeError, type Logger } from '@salesgraph/logging';
import { accessScope } from './access-scope.js';
import { encodeCursor, type Cursor } from './cursor.js';
import { createEntityLoader, loadFailed, type EntityLoader, type ExecuteAs } from './entity-loader.js';
import { EventLog, type EventLogOptions, type LoggedEvent } from './event-log.js';
import { readEventSources, type EventSourceField } from './event-sources.js';
import { PreparedMessage, SubscriberOutbox, type SendMessages } from './subscriber-outbox.js';
import {
  SNAPSHOT_EVENT_TYPE,
  entitiesLoaded,
  errorsText,
  messageText,
  type MessageMeta,
} from './subscription-message.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import { isErrorList } from './operation-request.js';
import { planSubscription, type SubscriptionPlan } from './subscription-plan.js';

export interface SubscriptionEngineOptions {
  readonly bus: MessageBus;
  /** Consumer group of this process (`gateway.<instance>.<epoch>`): unique, so it starts at the latest offsets. */
  readonly groupId: string;
  /** This process's start id; cursors of other epochs cannot be resumed here. */
  readonly epoch: string;
  readonly executeAs: ExecuteAs;
  readonly logger: Logger;
  readonly metrics: SubscriptionMetrics;
  readonly queueMax: number;
  readonly resume: EventLogOptions;
  readonly fetchConcurrency: number;
  /** Pauses before each retry of an entity load that failed on the way (SUBSCRIPTIONS.md: loads). */
  readonly loadRetryDelaysMs: readonly number[];
}

/** A client's subscription request, kept so it can be planned again after a supergraph change. */
export interface SubscriptionRequest {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** How the engine reaches one subscriber's client. */
export interface SubscriberTransport {
  /** Writes messages (each the JSON of an ExecutionResult) to the client, in order. */
  readonly send: SendMessages;
  /** The subscriber fell `queueMax` messages behind: the transport drops the client. Runs once. */
  readonly overflow: () => void;
}

interface Subscriber {
  readonly identity: Identity;
  readonly scope: string;
  readonly request: SubscriptionRequest;
  readonly outbox: SubscriberOutbox;
  readonly onOverflow: () => void;
  plan: SubscriptionPlan;
  /** groupKey(plan, scope): subscribers with equal keys are sent the same message for an event. */
  groupKey: string;
  /** Live events at or before this position were replayed or superseded by a snapshot. */
  liveAfter: number;
}

/** Subscribers of one tenant and field who get the same messages: same selection, filter arguments and access scope. */
type Group = Set<Subscriber>;

/** One message being prepared for the subscribers of a group, flushed to each of them once ready. */
interface Delivery {
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

function at(value: unknown, path: readonly string[]): unknown {
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
const groupKey = (plan: SubscriptionPlan, scope: string): string =>
  `${plan.messageKey}\u0000${scope}\u0000${JSON.stringify(plan.source.filters.map((filter) => at(plan.args, filter.argument) ?? null))}`;

/** Whether the event feeds the plan's field and passes its argument filters. */
export function eventMatches(plan: SubscriptionPlan, envelope: EventEnvelope): boolean {
  if (!plan.source.events.has(envelope.eventType)) return false;
  return plan.source.filters.every((filter) => {
    const expected = at(plan.args, filter.argument);
    if (expected === undefined || expected === null) return true;
    const actual = at(envelope.data, filter.data);
    return Array.isArray(expected) ? expected.some((value) => same(value, actual)) : same(expected, actual);
  });
}

/**
 * The subscription engine (SUBSCRIPTIONS.md): consumes the topics the supergraph's
 * `@eventSource` fields declare, once per process; keeps a bounded resume log; matches each
 * event to subscribers of the event's tenant, then by the field's arguments; loads the entity
 * as the subscriber through the federated query path and serializes the message once per
 * distinct (selection, access scope) and event; then writes that text to each subscriber of
 * the group, in each subscriber's order, bounded.
 */
export class SubscriptionEngine {
  private api: GraphQLSchema | null = null;
  private sources: ReadonlyMap<string, EventSourceField> = new Map();
  /** topic -> tenant -> group key -> the group's subscribers. */
  private readonly index = new Map<string, Map<string, Map<string, Group>>>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly log: EventLog;
  private readonly load: EntityLoader;
  private readonly consumed = new Set<string>();
  private readonly consumers: BusConsumer[] = [];
  /** topic + partition -> the newest offset dispatched (the bus redelivers after a rebalance). */
  private readonly offsets = new Map<string, number>();
  /** Snapshot loads in flight at `snapshotsAt`, by group: subscribers arriving meanwhile share them. */
  private readonly snapshots = new Map<string, Delivery>();
  private snapshotsAt = -1;
  /** Subscriber lists whose message became ready, flushed FLUSH_BATCH subscribers per turn. */
  private readonly flushQueue: Flush[] = [];
  private flushIndex = 0;
  private flushScheduled = false;
  private connecting = 0;
  private generation = 0;
  private started = false;
  private stopped = false;
  private readonly retry = new AbortController();

  constructor(private readonly options: SubscriptionEngineOptions) {
    this.log = new EventLog(options.resume);
    this.load = createEntityLoader({
      executeAs: options.executeAs,
      concurrency: options.fetchConcurrency,
      retryDelaysMs: options.loadRetryDelaysMs,
      metrics: options.metrics,
      logger: options.logger,
    });
  }

  /** The API schema subscriptions are validated against (null until the supergraph is loaded). */
  get schema(): GraphQLSchema | null {
    return this.api;
  }

  /** GraphQL's rules; the gateway's limits run before, in the request guard's check. */
  get validationRules(): readonly ValidationRule[] {
    return specifiedRules;
  }

  /** Connected: every declared topic has a running consumer. */
  ready(): boolean {
    return (
      this.started &&
      !this.stopped &&
      this.connecting === 0 &&
      [...this.declaredTopics()].every((topic) => this.consumed.has(topic))
    );
  }

  /**
   * A new supergraph: re-read the declarations, plan every active subscription again (those
   * whose field or selection no longer exists end with an error), consume any new topic.
   */
  updateSchema(apiSchema: GraphQLSchema, supergraphSdl: string): void {
    const { sources, problems } = readEventSources(supergraphSdl, apiSchema);
    for (const problem of problems)
      this.options.logger.error({ problem }, 'subscription field ignored: its @eventSource does not hold');
    this.api = apiSchema;
    this.sources = sources;
    for (const subscriber of [...this.subscribers]) {
      const { document, operation, variables } = subscriber.request;
      const invalid = validate(apiSchema, document, this.validationRules);
      const plan = invalid.length > 0 ? invalid : planSubscription(apiSchema, sources, document, operation, variables);
      if (isErrorList(plan)) {
        this.finish(subscriber, [
          appError(
            'GRAPHQL_VALIDATION_FAILED',
            'The subscription no longer matches the graph (the supergraph changed)',
          ),
        ]);
        continue;
      }
      this.unindex(subscriber);
      subscriber.plan = plan;
      subscriber.groupKey = groupKey(plan, subscriber.scope);
      this.indexed(subscriber);
    }
    if (this.started) this.consumeNewTopics();
  }

  start(): void {
    this.started = true;
    this.consumeNewTopics();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retry.abort();
    for (const subscriber of [...this.subscribers]) this.finish(subscriber, null);
    const consumers = this.consumers.splice(0);
    await Promise.all(
      consumers.map((consumer) =>
        consumer
          .stop()
          .catch((error: unknown) =>
            this.options.logger.warn({ error: describeError(error) }, 'subscription consumer did not stop cleanly'),
          ),
      ),
    );
  }

  /**
   * Starts a subscription whose messages go to `transport.send`, in order, once the transport
   * starts reading the returned outbox (an AsyncGenerator that ends with the subscription;
   * returning it ends the subscription). Or the errors the client should see.
   */
  subscribe(
    request: SubscriptionRequest,
    identity: Identity,
    transport: SubscriberTransport,
  ): SubscriberOutbox | readonly GraphQLError[] {
    if (!this.api || this.stopped) return [appError('INTERNAL_SERVER_ERROR', 'Subscriptions are not available')];
    const plan = planSubscription(this.api, this.sources, request.document, request.operation, request.variables);
    if (isErrorList(plan)) return plan;
    const { metrics } = this.options;
    const field = plan.source.field;
    const scope = accessScope(identity);
    const subscriber: Subscriber = {
      identity,
      scope,
      request,
      plan,
      groupKey: groupKey(plan, scope),
      liveAfter: this.log.position,
      onOverflow: transport.overflow,
      outbox: new SubscriberOutbox(
        this.options.queueMax,
        (messages) => {
          transport.send(messages);
          metrics.delivered(field, messages.length);
        },
        () => this.remove(subscriber),
      ),
    };
    this.subscribers.add(subscriber);
    this.indexed(subscriber);
    metrics.subscriptionStarted(field);
    if (plan.after) this.resume(subscriber, plan.after);
    else if (plan.source.snapshot) this.snapshot(subscriber);
    return subscriber.outbox;
  }

  private declaredTopics(): Set<string> {
    return new Set([...this.sources.values()].map((source) => source.topic));
  }

  private resume(subscriber: Subscriber, cursor: Cursor): void {
    const { plan } = subscriber;
    const replay =
      cursor.epoch === this.options.epoch
        ? this.log.replay(plan.source.topic, subscriber.identity.tenant, cursor.seq)
        : null;
    const missed =
      replay?.kind === 'events' ? replay.events.filter((event) => eventMatches(plan, event.envelope)) : null;
    if (missed && missed.length < this.options.queueMax) {
      for (const event of missed) this.enqueue(subscriber, this.eventDelivery(subscriber, event, new Map()));
      return;
    }
    this.snapshot(subscriber);
  }

  /**
   * "State restarts here": the current entity when `load` needs no id (pipelineChanged), else no
   * entity. Subscribers of one group arriving while its snapshot loads, with no event consumed
   * since the load started, share it (it is as current as their own would be).
   */
  private snapshot(subscriber: Subscriber): void {
    const { plan } = subscriber;
    const meta: MessageMeta = {
      cursor: encodeCursor({ epoch: this.options.epoch, seq: this.log.position }),
      eventId: null,
      eventType: SNAPSHOT_EVENT_TYPE,
      occurredAt: new Date().toISOString(),
    };
    if (plan.source.idType) {
      this.enqueue(subscriber, { message: PreparedMessage.of(messageText(plan, meta, null)), subscribers: [] });
      return;
    }
    if (this.snapshotsAt !== this.log.position) {
      this.snapshots.clear();
      this.snapshotsAt = this.log.position;
    }
    const { groupKey } = subscriber;
    let delivery = this.snapshots.get(groupKey);
    if (!delivery) {
      const loading: Delivery = { message: new PreparedMessage(), subscribers: [] };
      this.snapshots.set(groupKey, loading);
      void this.load(plan, subscriber.identity, null).then((result) => {
        if (this.snapshots.get(groupKey) === loading) this.snapshots.delete(groupKey);
        this.resolve(loading, () => messageText(plan, meta, result));
      });
      delivery = loading;
    }
    this.enqueue(subscriber, delivery);
  }

  /** The message of `event` for the subscriber's group; the entity load is shared through `loads` (per event). */
  private eventDelivery(
    subscriber: Subscriber,
    event: LoggedEvent,
    loads: Map<string, Promise<FormattedExecutionResult>>,
  ): Delivery {
    const { plan } = subscriber;
    const { envelope } = event;
    const loadKey = `${plan.queryKey}\u0000${subscriber.scope}`;
    let loading = loads.get(loadKey);
    if (!loading) {
      const id =
        plan.source.idFrom[0] === 'aggregateId' ? envelope.aggregateId : at(envelope.data, plan.source.idFrom.slice(1));
      loading = this.load(plan, subscriber.identity, typeof id === 'string' ? id : null);
      loads.set(loadKey, loading);
    }
    const meta: MessageMeta = {
      cursor: encodeCursor({ epoch: this.options.epoch, seq: event.seq }),
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      occurredAt: envelope.occurredAt,
    };
    const occurredAt = Date.parse(envelope.occurredAt);
    const delivery: Delivery = {
      message: new PreparedMessage(),
      subscribers: [],
      written: () => this.options.metrics.eventDelivered(plan.source.field, (Date.now() - occurredAt) / 1000),
    };
    void loading.then((result) => this.resolve(delivery, () => this.eventText(plan, meta, result)));
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

  private resolve(delivery: Delivery, text: () => string | null): void {
    try {
      delivery.message.resolve(text());
    } catch (error) {
      this.options.logger.error({ error: describeError(error) }, 'subscription message not prepared');
      delivery.message.resolve(null);
    }
    this.flushLater({
      subscribers: delivery.subscribers,
      written: delivery.message.text !== null ? delivery.written : undefined,
    });
  }

  private enqueue(subscriber: Subscriber, delivery: Delivery): void {
    const { outbox } = subscriber;
    if (outbox.offer(delivery.message)) {
      if (delivery.message.ready) this.flushLater({ subscribers: [subscriber] });
      else delivery.subscribers.push(subscriber);
      return;
    }
    if (outbox.closed) return;
    this.remove(subscriber);
    outbox.end();
    subscriber.onOverflow();
  }

  private flushLater(flush: Flush): void {
    if (flush.subscribers.length === 0) return;
    this.flushQueue.push(flush);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushSome);
  }

  private readonly flushSome = (): void => {
    let budget = FLUSH_BATCH;
    while (budget > 0 && this.flushQueue.length > 0) {
      const { subscribers, written } = this.flushQueue[0]!;
      while (this.flushIndex < subscribers.length && budget-- > 0) subscribers[this.flushIndex++]!.outbox.flush();
      if (this.flushIndex >= subscribers.length) {
        this.flushQueue.shift();
        this.flushIndex = 0;
        written?.();
      }
    }
    if (this.flushQueue.length > 0) setImmediate(this.flushSome);
    else this.flushScheduled = false;
  };

  /** Matches the event once per group, prepares one message per matching group, offers it to the group's subscribers. */
  private dispatch(topic: string, envelope: EventEnvelope): void {
    const event = this.log.append(topic, envelope);
    const groups = this.index.get(topic)?.get(envelope.tenantId);
    if (!groups) return;
    const loads = new Map<string, Promise<FormattedExecutionResult>>();
    for (const group of [...groups.values()]) {
      // Any member stands for the group: equal plans, equal access scope (the load runs as them).
      const representative = group.values().next().value!;
      if (!eventMatches(representative.plan, envelope)) continue;
      const delivery = this.eventDelivery(representative, event, loads);
      // A subscriber dropped in this loop (overflow) leaves the set; iteration stays valid.
      for (const subscriber of group) if (event.seq > subscriber.liveAfter) this.enqueue(subscriber, delivery);
    }
  }

  private async handle(message: BusMessage): Promise<void> {
    // After a rebalance the bus hands over again what was handled but not yet committed.
    const partition = `${message.topic}\u0000${message.partition}`;
    const offset = Number(message.offset);
    if (offset <= (this.offsets.get(partition) ?? -1)) {
      this.options.metrics.eventRedelivered(message.topic);
      return;
    }
    this.offsets.set(partition, offset);
    let envelope: EventEnvelope;
    try {
      envelope = parseEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (error) {
      this.options.metrics.eventRejected(message.topic);
      this.options.logger.warn(
        { topic: message.topic, partition: message.partition, offset: message.offset, error: describeError(error) },
        'not a valid event; skipped',
      );
      return;
    }
    this.options.metrics.eventConsumed(message.topic);
    this.dispatch(message.topic, envelope);
  }

  /** One consumer per set of newly declared topics (a running consumer cannot add topics). */
  private consumeNewTopics(): void {
    const topics = [...this.declaredTopics()].filter((topic) => !this.consumed.has(topic));
    if (topics.length === 0 || this.stopped) return;
    for (const topic of topics) this.consumed.add(topic);
    const groupId = this.generation === 0 ? this.options.groupId : `${this.options.groupId}.${this.generation}`;
    this.generation++;
    this.connecting++;
    void this.connect(groupId, topics).finally(() => this.connecting--);
  }

  private async connect(groupId: string, topics: readonly string[]): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      let consumer: BusConsumer | null = null;
      try {
        await this.options.bus.ensureTopics(topics);
        consumer = await this.options.bus.consumer({ groupId, topics, fromBeginning: false });
        await consumer.run((message) => this.handle(message));
        if (this.stopped) await consumer.stop();
        else this.consumers.push(consumer);
        this.options.logger.info({ groupId, topics }, 'subscription consumer connected');
        return;
      } catch (error) {
        await consumer?.stop().catch(() => undefined);
        this.options.logger.warn(
          { groupId, topics, attempt, error: describeError(error) },
          'subscription consumer not connected; retrying',
        );
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt));
          this.retry.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve(undefined);
            },
            { once: true },
          );
        });
      }
    }
  }

  private indexed(subscriber: Subscriber): void {
    const { topic } = subscriber.plan.source;
    let tenants = this.index.get(topic);
    if (!tenants) this.index.set(topic, (tenants = new Map()));
    let groups = tenants.get(subscriber.identity.tenant);
    if (!groups) tenants.set(subscriber.identity.tenant, (groups = new Map()));
    let group = groups.get(subscriber.groupKey);
    if (!group) groups.set(subscriber.groupKey, (group = new Set()));
    group.add(subscriber);
  }

  private unindex(subscriber: Subscriber): void {
    const tenants = this.index.get(subscriber.plan.source.topic);
    const groups = tenants?.get(subscriber.identity.tenant);
    const group = groups?.get(subscriber.groupKey);
    if (!group?.delete(subscriber)) return;
    if (group.size === 0) groups!.delete(subscriber.groupKey);
    if (groups!.size === 0) tenants!.delete(subscriber.identity.tenant);
  }

  private remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    this.unindex(subscriber);
    this.options.metrics.subscriptionEnded(subscriber.plan.source.field);
  }

  /** Ends a subscription from the server side, after a last error message when given. */
  private finish(subscriber: Subscriber, errors: readonly GraphQLError[] | null): void {
    this.remove(subscriber);
    if (errors) subscriber.outbox.offer(PreparedMessage.of(errorsText(errors)));
    subscriber.outbox.end();
  }
}
