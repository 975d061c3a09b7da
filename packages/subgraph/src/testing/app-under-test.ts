import type pg from 'pg';
import type { MessageBus } from '@salesgraph/kafka';
import { waitFor, type GraphQLResponse } from '@salesgraph/testkit';
import type { SubgraphService } from '../subgraph-service.js';

/** What a subgraph's harness offers its tests: the app, a SQL client on its database, the bus of its namespace. */
export interface SubgraphHarnessBase<Caller> {
  readonly app: SubgraphService;
  readonly sql: pg.Client;
  readonly bus: MessageBus;
  /** A call as the gateway makes it, with any write headers (Idempotency-Key, Salesgraph-After-Event). */
  call(
    caller: Caller,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
}

/** A started app that a test can stop and start again on the same database and namespace. */
export interface AppUnderTest {
  readonly current: SubgraphService;
  /** Stops the app, runs `whileStopped` (e.g. a consumer-group reset), starts a new one. */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function startAppUnderTest(create: () => Promise<SubgraphService>): Promise<AppUnderTest> {
  const boot = async () => {
    const service = await create();
    await service.start();
    return service;
  };
  let current = await boot();
  return {
    get current() {
      return current;
    },
    async restart(whileStopped) {
      await current.stop();
      await whileStopped?.();
      current = await boot();
    },
    stop: () => current.stop(),
  };
}

/** Waits until every projection of the app has applied everything on its topics. */
export async function projectionsCaughtUp(app: SubgraphService, timeoutMs?: number): Promise<void> {
  await waitFor(
    async () => {
      for (const projection of app.projections)
        if ((await projection.lag()).some((entry) => entry.lag > 0)) return false;
      return true;
    },
    { description: 'the projections to catch up', ...(timeoutMs === undefined ? {} : { timeoutMs }) },
  );
}

/** The app's onQuery, and the SQL statements it issued while a piece of a test ran. */
export function statementRecorder(): {
  readonly onQuery: (statement: string) => void;
  during(run: () => Promise<unknown>): Promise<string[]>;
} {
  let recording: string[] | null = null;
  return {
    onQuery: (statement) => recording?.push(statement),
    async during(run) {
      recording = [];
      try {
        await run();
        return recording;
      } finally {
        recording = null;
      }
    },
  };
}
