import { parseConfig } from '@salesgraph/config';
import type { Role } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { parseEvent, topics, type EventEnvelope } from '@salesgraph/events';
import { openSubgraphTestBed, projectionsCaughtUp, type SubgraphHarnessBase } from '@salesgraph/subgraph/testing';
import { graphqlRequestAs, type TestDatabase } from '@salesgraph/testkit';
import { workflowsEnv } from '../config.js';
import { createWorkflowsApp } from '../app.js';
import type { Clock } from '../clock.js';

export interface Caller {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly sub?: string;
}

/**
 * One workflows app on its own database and Kafka namespace, a producer to feed its consumers
 * with real events, and an observer of what it publishes (process and task topics).
 */
export interface WorkflowsHarness extends SubgraphHarnessBase<Caller> {
  readonly db: TestDatabase;
  /** Every event the relay published to the workflows topics, in arrival order. */
  readonly published: EventEnvelope[];
  publish(topic: string, ...events: EventEnvelope[]): Promise<void>;
  /** Publishes, then waits until both consumers have applied everything on their topics. */
  deliver(topic: string, ...events: EventEnvelope[]): Promise<void>;
  caughtUp(): Promise<void>;
  /** Outbox rows of this database, parsed, oldest first (optionally of one event type). */
  outbox(eventType?: string): Promise<EventEnvelope[]>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly prefix: string;
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  readonly onQuery?: (sql: string) => void;
}

export async function startWorkflowsHarness(options: HarnessOptions): Promise<WorkflowsHarness> {
  const bed = await openSubgraphTestBed({
    prefix: options.prefix,
    topics: [topics.deal, topics.contract, topics.beneficiary, topics.process, topics.task],
  });
  const config = parseConfig(workflowsEnv, { ...bed.env, SLA_SWEEP_INTERVAL_MS: '600000', ...options.env });
  const app = await createWorkflowsApp({
    config,
    logger: createLogger('workflows-test', 'silent'),
    clock: options.clock,
    onQuery: options.onQuery,
  });
  await app.start();
  const published = await bed.observe([topics.process, topics.task]);
  const caughtUp = () => projectionsCaughtUp(app);
  return {
    app,
    db: bed.db,
    sql: bed.sql,
    bus: bed.bus,
    published,
    publish: bed.publish,
    caughtUp,
    async deliver(topic, ...events) {
      await bed.publish(topic, ...events);
      await caughtUp();
    },
    call: (caller, query, variables, headers) => graphqlRequestAs(app.url, caller, query, variables, headers),
    outbox: async (eventType) => (await bed.outbox('workflows', { eventType })).map((payload) => parseEvent(payload)),
    async stop() {
      await app.stop();
      await bed.close();
    },
  };
}
