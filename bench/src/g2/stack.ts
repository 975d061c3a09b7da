import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, uniqueName, type TestDatabase } from '@salesgraph/testkit';
import { composeSupergraph } from '../compose.js';
import type { BenchConfig } from '../config.js';
import { benchDist, repoRoot } from '../paths.js';
import { launch } from '../processes.js';
import type { Workspace } from '../workspace.js';

export const salesgraphSubgraphs = ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows'] as const;
/** The five of G2, and the intake (I1). */
export type SalesgraphSubgraph = (typeof salesgraphSubgraphs)[number] | 'intake';

export interface SubgraphStack {
  readonly database: TestDatabase;
  readonly namespace: string;
  readonly urls: Readonly<Record<SalesgraphSubgraph, string>>;
  readonly supergraphPath: string;
  /** The process id of each subgraph started (its CPU is read from /proc/<pid>). */
  readonly pids: Readonly<Partial<Record<SalesgraphSubgraph, number>>>;
  /** POST requests the five subgraph processes have received so far. */
  requests(): Promise<number>;
}

/**
 * The five real subgraph processes (subgraphs/<name>/dist/main.js) on a fresh database and
 * their own Kafka namespace, each with the bench's request counter preloaded, and a
 * supergraph composed (@apollo/composition) from their committed SDL with these URLs.
 */
export async function startSubgraphStack(
  config: Readonly<BenchConfig>,
  workspace: Workspace,
  names: readonly SalesgraphSubgraph[] = salesgraphSubgraphs,
  cpus: string | undefined = config.BENCH_SUBGRAPH_CPUS,
): Promise<SubgraphStack> {
  const database = await createTestDatabase('sg_bench');
  const namespace = uniqueName('bench');
  const urls = {} as Record<SalesgraphSubgraph, string>;
  const counterPorts: number[] = [];
  const pids: Partial<Record<SalesgraphSubgraph, number>> = {};
  try {
    for (const name of names) {
      const port = await workspace.freePort();
      const counterPort = await workspace.freePort();
      counterPorts.push(counterPort);
      const launched = workspace.track(
        await launch({
          name,
          args: ['--import', join(benchDist, 'count-requests.js'), join(repoRoot, 'subgraphs', name, 'dist/main.js')],
          cpus,
          env: {
            NODE_ENV: 'test',
            LOG_LEVEL: 'warn',
            PORT: String(port),
            DATABASE_URL: database.url,
            KAFKA_BROKERS: config.KAFKA_BROKERS,
            KAFKA_NAMESPACE: namespace,
            GATEWAY_IDENTITY_SECRET: workspace.identitySecret,
            ANS_OPERATOR_REGISTRATION: '419999', // beneficiaries requires one (a made-up operator)
            BENCH_COUNTER_PORT: String(counterPort),
          },
          ready: async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
          readyTimeoutMs: 120_000,
        }),
      );
      pids[name] = launched.pid;
      urls[name] = `http://127.0.0.1:${port}/graphql`;
    }
  } catch (error) {
    await database.drop();
    throw error;
  }
  const supergraphPath = join(workspace.dir, 'salesgraph-supergraph.graphql');
  writeFileSync(
    supergraphPath,
    composeSupergraph(
      names.map((name) => ({
        name,
        url: urls[name],
        sdl: readFileSync(join(repoRoot, 'subgraphs', name, 'schema.graphql'), 'utf8'),
      })),
    ),
  );
  return {
    database,
    namespace,
    urls,
    supergraphPath,
    pids,
    async requests() {
      const counts = await Promise.all(
        counterPorts.map(async (port) => Number(await (await fetch(`http://127.0.0.1:${port}/`)).text())),
      );
      return counts.reduce((sum, n) => sum + n, 0);
    },
  };
}
