import {
  GraphQLError,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
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
import { createEntityLoader, type EntityLoader, type ExecuteAs } from './entity-loader.js';
import { EventLog, type EventLogOptions, type LoggedEvent } from './event-log.js';
import { readEventSources, type EventSourceField } from './event-sources.js';
import { SubscriberQueue, type PendingMessage } from './subscriber-queue.js';
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
}

/** A client's subscription request, kept so it can be planned again after a supergraph change. */
export interface SubscriptionRequest {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Readonly<Record<string, unknown>>;
}

interface Subscriber {
  readonly identity: Identity;
  readonly scope: string;
  readonly request: SubscriptionRequest;
  readonly queue: SubscriberQueue;
  readonly onOverflow: () => void;
  plan: SubscriptionPlan;
  /** Live events at or before this position were replayed or superseded by a snapshot. */
  liveAfter: number;
}

interface MessageMeta {
  readonly cursor: string;
  readonly eventId: string | null;
  readonly eventType: string;
  readonly occurredAt: string;
}

export const SNAPSHOT_EVENT_TYPE = 'snapshot';

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const same = (expected: unknown, actual: unknown): boolean =>
  Array.isArray(actual) ? actual.some((item) => same(expected, item)) : actual !== undefined && actual !== null && String(expected) === String(actual);

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
 * as the subscriber through the federated query path — one load per distinct (selection,
 * access scope) and event — and queues each subscriber's messages in order, bounded.
 */
export class SubscriptionEngine {
  private api: GraphQLSchema | null = null;
  private sources: ReadonlyMap<string, EventSourceField> = new Map();
  /** topic -> tenant -> subscribers. */
  private readonly index = new Map<string, Map<string, Set<Subscriber>>>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly log: EventLog;
  private readonly load: EntityLoader;
  private readonly consumed = new Set<string>();
  private readonly consumers: BusConsumer[] = [];
  private connecting = 0;
  private generation = 0;
  private started = false;
  private stopped = false;
  private readonly retry = new AbortController();

  constructor(private readonly options: SubscriptionEngineOptions) {
    this.log = new EventLog(options.resume);
    this.load = createEntityLoader({ executeAs: options.executeAs, concurrency: options.fetchConcurrency, metrics: options.metrics, logger: options.logger });
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
    return this.started && !this.stopped && this.connecting === 0 && [...this.declaredTopics()].every((topic) => this.consumed.has(topic));
  }

  /**
   * A new supergraph: re-read the declarations, plan every active subscription again (those
   * whose field or selection no longer exists end with an error), consume any new topic.
   */
  updateSchema(apiSchema: GraphQLSchema, supergraphSdl: string): void {
    const { sources, problems } = readEventSources(supergraphSdl, apiSchema);
    for (const problem of problems) this.options.logger.error({ problem }, 'subscription field ignored: its @eventSource does not hold');
    this.api = apiSchema;
    this.sources = sources;
    for (const subscriber of [...this.subscribers]) {
      const { document, operation, variables } = subscriber.request;
      const invalid = validate(apiSchema, document, this.validationRules);
      const plan = invalid.length > 0 ? invalid : planSubscription(apiSchema, sources, document, operation, variables);
      if (isErrorList(plan)) {
        this.finish(subscriber, [appError('GRAPHQL_VALIDATION_FAILED', 'The subscription no longer matches the graph (the supergraph changed)')]);
        continue;
      }
      this.unindex(subscriber);
      subscriber.plan = plan;
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
    await Promise.all(consumers.map((consumer) => consumer.stop().catch((error: unknown) => this.options.logger.warn({ error: describeError(error) }, 'subscription consumer did not stop cleanly'))));
  }

  /**
   * Starts a subscription: its messages, in order, as an async iterator (returning it ends the
   * subscription). Or the errors the client should see. `onOverflow` runs (once) when the
   * subscriber falls `queueMax` messages behind; the transport then drops the client.
   */
  subscribe(request: SubscriptionRequest, identity: Identity, onOverflow: () => void): SubscriberQueue | readonly GraphQLError[] {
    if (!this.api || this.stopped) return [appError('INTERNAL_SERVER_ERROR', 'Subscriptions are not available')];
    const plan = planSubscription(this.api, this.sources, request.document, request.operation, request.variables);
    if (isErrorList(plan)) return plan;
    const subscriber: Subscriber = {
      identity,
      scope: accessScope(identity),
      request,
      plan,
      liveAfter: this.log.position,
      onOverflow,
      queue: new SubscriberQueue(this.options.queueMax, () => this.remove(subscriber)),
    };
    this.subscribers.add(subscriber);
    this.indexed(subscriber);
    this.options.metrics.subscriptionStarted(plan.source.field);
    if (plan.after) this.resume(subscriber, plan.after);
    else if (plan.source.snapshot) this.enqueue(subscriber, this.snapshot(subscriber));
    return subscriber.queue;
  }

  private declaredTopics(): Set<string> {
    return new Set([...this.sources.values()].map((source) => source.topic));
  }

  private resume(subscriber: Subscriber, cursor: Cursor): void {
    const { plan } = subscriber;
    const replay = cursor.epoch === this.options.epoch ? this.log.replay(plan.source.topic, subscriber.identity.tenant, cursor.seq) : null;
    const missed = replay?.kind === 'events' ? replay.events.filter((event) => eventMatches(plan, event.envelope)) : null;
    if (missed && missed.length < this.options.queueMax) {
      for (const event of missed) this.enqueue(subscriber, this.eventMessage(subscriber, event, new Map()));
      return;
    }
    this.enqueue(subscriber, this.snapshot(subscriber));
  }

  /** "State restarts here": the current entity when `load` needs no id (pipelineChanged), else no entity. */
  private snapshot(subscriber: Subscriber): PendingMessage {
    const { plan } = subscriber;
    const meta: MessageMeta = {
      cursor: encodeCursor({ epoch: this.options.epoch, seq: this.log.position }),
      eventId: null,
      eventType: SNAPSHOT_EVENT_TYPE,
      occurredAt: new Date().toISOString(),
    };
    if (plan.source.idType) return Promise.resolve(this.message(plan, meta, null, false));
    return this.load(plan, subscriber.identity, null).then((result) => this.message(plan, meta, result, false));
  }

  private eventMessage(subscriber: Subscriber, event: LoggedEvent, shared: Map<string, Promise<FormattedExecutionResult>>): PendingMessage {
    const { plan } = subscriber;
    const { envelope } = event;
    const id = plan.source.idFrom[0] === 'aggregateId' ? envelope.aggregateId : at(envelope.data, plan.source.idFrom.slice(1));
    const key = `${plan.queryKey}\u0000${subscriber.scope}`;
    let loading = shared.get(key);
    if (!loading) {
      loading = this.load(plan, subscriber.identity, typeof id === 'string' ? id : null);
      shared.set(key, loading);
    }
    const meta: MessageMeta = {
      cursor: encodeCursor({ epoch: this.options.epoch, seq: event.seq }),
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      occurredAt: envelope.occurredAt,
    };
    return loading.then((result) => this.message(plan, meta, result, true));
  }

  /**
   * The client's payload: event fields from the event, entity keys from the load, errors with
   * paths under the subscription field. For an event, an entity the subscriber cannot load
   * (not visible to them, gone, or its subgraph failing) means no message at all.
   */
  private message(plan: SubscriptionPlan, meta: MessageMeta, result: FormattedExecutionResult | null, event: boolean): ExecutionResult | null {
    const entities = (result?.data ?? null) as Record<string, unknown> | null;
    if (event && plan.entityKeys.some((key) => entities?.[key] === null || entities?.[key] === undefined)) {
      if (result?.errors?.length) this.options.logger.warn({ field: plan.source.field, codes: result.errors.map((error) => error.extensions?.['code']) }, 'subscription entity not loaded; event not delivered');
      return null;
    }
    const payload: Record<string, unknown> = {};
    for (const { key, kind } of plan.payload) {
      if (kind === '__typename') payload[key] = plan.source.payloadType;
      else if (kind === 'entity') payload[key] = entities?.[key] ?? null;
      else payload[key] = meta[kind];
    }
    const errors = (result?.errors ?? []).map(
      (error) => new GraphQLError(error.message, { path: [plan.rootKey, ...(error.path ?? [])], extensions: error.extensions }),
    );
    this.options.metrics.delivered(plan.source.field);
    return errors.length > 0 ? { data: { [plan.rootKey]: payload }, errors } : { data: { [plan.rootKey]: payload } };
  }

  private enqueue(subscriber: Subscriber, message: PendingMessage): void {
    if (subscriber.queue.offer(message)) return;
    if (subscriber.queue.closed) return;
    this.remove(subscriber);
    subscriber.queue.end();
    subscriber.onOverflow();
  }

  private dispatch(topic: string, envelope: EventEnvelope): void {
    const event = this.log.append(topic, envelope);
    const subscribers = this.index.get(topic)?.get(envelope.tenantId);
    if (!subscribers) return;
    const shared = new Map<string, Promise<FormattedExecutionResult>>();
    for (const subscriber of [...subscribers]) {
      if (event.seq > subscriber.liveAfter && eventMatches(subscriber.plan, envelope)) this.enqueue(subscriber, this.eventMessage(subscriber, event, shared));
    }
  }

  private async handle(message: BusMessage): Promise<void> {
    let envelope: EventEnvelope;
    try {
      envelope = parseEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (error) {
      this.options.metrics.eventRejected(message.topic);
      this.options.logger.warn({ topic: message.topic, partition: message.partition, offset: message.offset, error: describeError(error) }, 'not a valid event; skipped');
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
        this.options.logger.warn({ groupId, topics, attempt, error: describeError(error) }, 'subscription consumer not connected; retrying');
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt));
          this.retry.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve(undefined);
          }, { once: true });
        });
      }
    }
  }

  private indexed(subscriber: Subscriber): void {
    const { topic } = subscriber.plan.source;
    let tenants = this.index.get(topic);
    if (!tenants) this.index.set(topic, (tenants = new Map()));
    let set = tenants.get(subscriber.identity.tenant);
    if (!set) tenants.set(subscriber.identity.tenant, (set = new Set()));
    set.add(subscriber);
  }

  private unindex(subscriber: Subscriber): void {
    const tenants = this.index.get(subscriber.plan.source.topic);
    const set = tenants?.get(subscriber.identity.tenant);
    set?.delete(subscriber);
    if (set?.size === 0) tenants!.delete(subscriber.identity.tenant);
  }

  private remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    this.unindex(subscriber);
    this.options.metrics.subscriptionEnded(subscriber.plan.source.field);
  }

  /** Ends a subscription from the server side, after a last error message when given. */
  private finish(subscriber: Subscriber, errors: readonly GraphQLError[] | null): void {
    this.remove(subscriber);
    if (errors) subscriber.queue.offer(Promise.resolve({ errors: [...errors] }));
    subscriber.queue.end();
  }
}
