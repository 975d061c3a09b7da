import { GraphQLError, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { EventEnvelope } from '@salesgraph/events';
import type { BusMessage, MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { SubscriptionLease, SubscriptionQuota } from '../quota/subscription-quota.js';
import { accessScope } from './access-scope.js';
import type { ExecuteAs } from './entity-loader.js';
import { EventLog, type EventLogOptions } from './event-log.js';
import { readEventSources, type EventSourceField } from './event-sources.js';
import { FanOut } from './fan-out.js';
import { MessageLoads, type EventLoads } from './message-loads.js';
import { isErrorList } from './operation-request.js';
import { PreparedMessage, SubscriberOutbox, type SendMessages } from './subscriber-outbox.js';
import {
  SubscriberGroups,
  eventMatches,
  groupKey,
  type Subscriber,
  type SubscriptionRequest,
} from './subscriber-groups.js';
import { SubscriptionResume } from './subscription-resume.js';
import { errorsText } from './subscription-message.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import { planSubscription } from './subscription-plan.js';
import { TopicConsumers } from './topic-consumers.js';

export interface SubscriptionEngineOptions {
  readonly bus: MessageBus;
  /** Consumer group of this process (`gateway.<instance>.<epoch>`): unique, so it starts at the topics' ends. */
  readonly groupId: string;
  readonly executeAs: ExecuteAs;
  readonly logger: Logger;
  readonly metrics: SubscriptionMetrics;
  readonly queueMax: number;
  readonly resume: EventLogOptions;
  readonly fetchConcurrency: number;
  /** Pauses before each retry of an entity load that failed on the way (SUBSCRIPTIONS.md: loads). */
  readonly loadRetryDelaysMs: readonly number[];
  /** Quotas (src/quota): caps on open subscriptions, and a charge per delivered message. */
  readonly quota?: SubscriptionQuota | undefined;
  /** How long a resume with a cursor ahead of this process waits for it to catch up (default 5 s), then a snapshot. */
  readonly resumeCatchUpMs?: number;
}

/** How the engine reaches one subscriber's client. */
export interface SubscriberTransport {
  /** Writes messages (each the JSON of an ExecutionResult) to the client, in order. */
  readonly send: SendMessages;
  /** The subscriber fell `queueMax` messages behind: the transport drops the client. Runs once. */
  readonly overflow: () => void;
}

/**
 * The subscription engine (SUBSCRIPTIONS.md): consumes the topics the supergraph's
 * `@eventSource` fields declare, once per process; keeps a bounded resume log; matches each
 * event to subscribers of the event's tenant, then by the field's arguments; loads the entity
 * as the subscriber through the federated query path and serializes the message once per
 * distinct (selection, access scope) and event; then writes that text to each subscriber of
 * the group, in each subscriber's order, bounded.
 *
 * This class holds the lifecycle of subscriptions and wires the parts, one job each:
 * `SubscriberGroups` (matching events to groups), `MessageLoads` (loading and shaping),
 * `FanOut` (fan-out and back-pressure), `TopicConsumers` (the Kafka consumers),
 * `SubscriptionResume` (resuming from a cursor).
 */
export class SubscriptionEngine {
  private api: GraphQLSchema | null = null;
  private sources: ReadonlyMap<string, EventSourceField> = new Map();
  private readonly subscribers = new Set<Subscriber>();
  private readonly leases = new Map<Subscriber, SubscriptionLease>();
  private readonly groups = new SubscriberGroups();
  private readonly log: EventLog;
  private readonly fanOut: FanOut;
  private readonly loads: MessageLoads;
  private readonly consumers: TopicConsumers;
  private readonly resumes: SubscriptionResume;
  private started = false;
  private stopped = false;

  constructor(private readonly options: SubscriptionEngineOptions) {
    this.log = new EventLog(options.resume);
    this.fanOut = new FanOut(options.logger, (subscriber) => this.remove(subscriber));
    this.loads = new MessageLoads({
      executeAs: options.executeAs,
      concurrency: options.fetchConcurrency,
      retryDelaysMs: options.loadRetryDelaysMs,
      metrics: options.metrics,
      logger: options.logger,
      fanOut: this.fanOut,
    });
    this.resumes = new SubscriptionResume({
      log: this.log,
      loads: this.loads,
      fanOut: this.fanOut,
      queueMax: options.queueMax,
      catchUpMs: options.resumeCatchUpMs ?? 5_000,
    });
    this.consumers = new TopicConsumers({
      bus: options.bus,
      groupId: options.groupId,
      logger: options.logger,
      metrics: options.metrics,
      onStart: (starts) => this.log.begin(starts),
      onMessage: (message, envelope) => {
        if (envelope) this.dispatch(message, envelope);
        else this.log.pass(message.topic, message.partition, Number(message.offset));
        this.resumes.moved(message.topic);
      },
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
    return this.started && !this.stopped && this.consumers.consuming(this.declaredTopics());
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
      this.groups.delete(subscriber);
      subscriber.plan = plan;
      subscriber.groupKey = groupKey(plan, subscriber.scope);
      this.groups.add(subscriber);
    }
    if (this.started) this.consumers.consume(this.declaredTopics());
  }

  start(): void {
    this.started = true;
    this.consumers.consume(this.declaredTopics());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const subscriber of [...this.subscribers]) this.finish(subscriber, null);
    await this.consumers.stop();
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
    const lease = this.options.quota?.open(identity);
    if (lease instanceof GraphQLError) return [lease];
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
          lease?.delivered(messages.length);
        },
        () => this.remove(subscriber),
      ),
    };
    this.subscribers.add(subscriber);
    if (lease) this.leases.set(subscriber, lease);
    this.groups.add(subscriber);
    metrics.subscriptionStarted(field);
    if (plan.after) this.resumes.resume(subscriber, plan.after);
    else if (plan.source.snapshot)
      this.fanOut.enqueue(subscriber, this.loads.snapshot(subscriber, this.log.at(plan.source.topic)));
    return subscriber.outbox;
  }

  private declaredTopics(): Set<string> {
    return new Set([...this.sources.values()].map((source) => source.topic));
  }

  /** Matches the event once per group, prepares one message per matching group, offers it to the group's subscribers. */
  private dispatch(message: BusMessage, envelope: EventEnvelope): void {
    const { topic } = message;
    const event = this.log.append(topic, message.partition, Number(message.offset), envelope);
    const groups = this.groups.of(topic, envelope.tenantId);
    if (!groups) return;
    const loads: EventLoads = new Map();
    for (const group of [...groups.values()]) {
      // Any member stands for the group: equal plans, equal access scope (the load runs as them).
      const representative = group.values().next().value!;
      if (!eventMatches(representative.plan, envelope)) continue;
      const delivery = this.loads.event(representative, event, loads);
      // A subscriber dropped in this loop (overflow) leaves the set; iteration stays valid.
      for (const subscriber of group) if (event.seq > subscriber.liveAfter) this.fanOut.enqueue(subscriber, delivery);
    }
  }

  private remove(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    this.groups.delete(subscriber);
    this.resumes.forget(subscriber);
    this.leases.get(subscriber)?.release();
    this.leases.delete(subscriber);
    this.options.metrics.subscriptionEnded(subscriber.plan.source.field);
  }

  /** Ends a subscription from the server side, after a last error message when given. */
  private finish(subscriber: Subscriber, errors: readonly GraphQLError[] | null): void {
    this.remove(subscriber);
    if (errors) subscriber.outbox.offer(PreparedMessage.of(errorsText(errors)));
    subscriber.outbox.end();
  }
}
