import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateDevIssuer, type DevIssuer } from '@salesgraph/auth';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  freePort,
  graphqlRequest,
  startService,
  testKafkaBrokers,
  uniqueName,
  type GraphQLResponse,
  type RunningService,
} from '@salesgraph/testkit';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export type SubgraphName = 'accounts' | 'deals' | 'contracts' | 'beneficiaries' | 'workflows' | 'intake';

export interface StackOptions {
  readonly subgraphs: readonly SubgraphName[];
  /** Extra environment for every process. */
  readonly env?: Record<string, string>;
  /** How many processes of each subgraph and of the gateway (default 1): gateway i calls instance i of each. */
  readonly instances?: number;
  /** Extra environment for the gateway only (e.g. production mode, trusted issuers). */
  readonly gatewayEnv?: Record<string, string>;
}

export interface Stack {
  readonly gatewayUrl: string;
  /** Every gateway's URL (`instances` of them); `gatewayUrl` is the first. */
  readonly gatewayUrls: readonly string[];
  /** The database every subgraph has its schema in (tests look under the hood with it). */
  readonly databaseUrl: string;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** Per instance, each subgraph's URL (`subgraphUrls` is the first instance's). */
  readonly instanceUrls: readonly Readonly<Record<string, string>>[];
  readonly processes: readonly RunningService[];
  /** The KAFKA_NAMESPACE of every process (to publish or read the stack's topics). */
  readonly namespace: string;
  /** A bearer token from the local development issuer the gateway trusts (a user's, or a client's with `clientId`). */
  token(claims: Parameters<DevIssuer['issue']>[0]): Promise<string>;
  /** POST to the gateway as the holder of `token`. */
  query<T = Record<string, any>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
    options?: { readonly headers?: Record<string, string>; readonly gateway?: number },
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/**
 * Starts the real processes: each subgraph (`subgraphs/<name>/dist/main.js`) on its own
 * port against a fresh database, and the gateway over them, with Kafka topics and groups
 * isolated by a namespace. Everything is stopped and dropped by `stop()`.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const database = await createTestDatabase('sg_e2e');
  const workdir = mkdtempSync(join(tmpdir(), 'salesgraph-e2e-'));
  const keyFile = join(workdir, 'dev-issuer.json');
  const issuer = await loadOrCreateDevIssuer(keyFile);
  const namespace = uniqueName('e2e');
  const processes: RunningService[] = [];
  const subgraphUrls: Record<string, string> = {};
  const instances = Array.from({ length: options.instances ?? 1 }, (_, index) => index);
  const instanceUrls: Record<string, string>[] = instances.map(() => ({}));
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    ANS_OPERATOR_REGISTRATION: '419999', // beneficiaries requires one (a made-up operator)
    ...options.env,
  };
  const stop = async () => {
    for (const service of processes.reverse()) await service.stop();
    await database.drop();
    rmSync(workdir, { recursive: true, force: true });
  };
  const gatewayUrls: string[] = [];
  try {
    for (const instance of instances) {
      for (const name of options.subgraphs) {
        const port = await freePort();
        processes.push(
          await startService({
            name: instance === 0 ? name : `${name}-${instance}`,
            entry: join(root, 'subgraphs', name, 'dist', 'main.js'),
            env: { ...common, PORT: String(port), DATABASE_URL: database.url },
            readyUrl: `http://127.0.0.1:${port}/readyz`,
          }),
        );
        instanceUrls[instance]![name] = `http://127.0.0.1:${port}/graphql`;
      }
    }
    Object.assign(subgraphUrls, instanceUrls[0]);
    for (const instance of instances) {
      const gatewayPort = await freePort();
      processes.push(
        await startService({
          name: instance === 0 ? 'gateway' : `gateway-${instance}`,
          entry: join(root, 'gateway', 'dist', 'main.js'),
          env: {
            ...common,
            PORT: String(gatewayPort),
            SUPERGRAPH_PATH: join(root, 'supergraph.graphql'),
            SUBGRAPH_URLS: Object.entries(instanceUrls[instance]!)
              .map(([name, url]) => `${name}=${url}`)
              .join(','),
            DEV_ISSUER_KEY_FILE: keyFile,
            ...options.gatewayEnv,
          },
          readyUrl: `http://127.0.0.1:${gatewayPort}/readyz`,
        }),
      );
      gatewayUrls.push(`http://127.0.0.1:${gatewayPort}/graphql`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: gatewayUrls[0]!,
    gatewayUrls,
    databaseUrl: database.url,
    subgraphUrls,
    instanceUrls,
    processes,
    namespace,
    token: (claims) => issuer.issue(claims),
    query: (token, query, variables = {}, { headers = {}, gateway = 0 } = {}) =>
      graphqlRequest(gatewayUrls[gateway]!, query, variables, { ...headers, authorization: `Bearer ${token}` }),
    stop,
  };
}

/**
 * The stack of one describe block, called in the block: it starts before the block's tests and
 * stops after them, and `token` is a SALES_MANAGER's of a tenant of its own. Both are read in
 * the tests, once they are set.
 */
export function stackWithManager(options: StackOptions): { readonly stack: Stack; readonly token: string } {
  let stack: Stack | undefined;
  let token: string | undefined;
  before(async () => {
    stack = await startStack(options);
    token = await stack.token({ tenant: uniqueName('tenant'), roles: ['SALES_MANAGER'] });
  });
  after(async () => {
    await stack?.stop();
  });
  return {
    get stack() {
      return stack!;
    },
    get token() {
      return token!;
    },
  };
}
