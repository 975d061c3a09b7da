import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './database.js';
import { TEST_IDENTITY_SECRET, freePort, testKafkaBrokers, uniqueName } from './names.js';
import { startService, type RunningService } from './service-process.js';

/** Repository root, as seen from packages/testkit/dist. */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The environment every subgraph under test starts with, in-process or as a process: its
 * database, a Kafka namespace of its own, the test identity secret, test mode, a port (0: any).
 */
export function subgraphTestEnv(
  databaseUrl: string,
  namespace: string,
  port: number | string = 0,
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
  };
}

export interface RunningSubgraph extends RunningService {
  readonly port: number;
  /** Its /graphql endpoint. */
  readonly url: string;
}

/**
 * Runs a subgraph's real process (`subgraphs/<name>/dist/main.js`) with `env`, on `env.PORT`
 * or a free port when that is unset or 0, and waits until its /readyz answers.
 */
export async function startSubgraphProcess(name: string, env: Record<string, string>): Promise<RunningSubgraph> {
  const port = env['PORT'] && env['PORT'] !== '0' ? Number(env['PORT']) : await freePort();
  const service = await startService({
    name,
    entry: join(repoRoot, 'subgraphs', name, 'dist', 'main.js'),
    env: { ...env, PORT: String(port) },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
  });
  return { ...service, port, url: `http://127.0.0.1:${port}/graphql` };
}

export interface IsolatedSubgraph {
  readonly db: TestDatabase;
  readonly service: RunningSubgraph;
}

/**
 * A subgraph's real process on a database of its own (`sg_<prefix>_…`) and a Kafka namespace of
 * its own (`<prefix>_…`), with `env` added; stop the service, then drop the database.
 */
export async function startIsolatedSubgraph(
  name: string,
  prefix: string,
  env: Record<string, string> = {},
): Promise<IsolatedSubgraph> {
  const db = await createTestDatabase(`sg_${prefix}`);
  try {
    return {
      db,
      service: await startSubgraphProcess(name, { ...subgraphTestEnv(db.url, uniqueName(prefix)), ...env }),
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}
