import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answersGraphql, launch, type Launched } from '../processes.js';
import { benchDist, repoRoot } from '../paths.js';

export const gatewayKinds = ['ours', 'hive', 'hive-rr', 'apollo'] as const;
export type GatewayKind = (typeof gatewayKinds)[number];

export interface GatewayLaunch {
  readonly kind: GatewayKind;
  readonly supergraphPath: string;
  readonly port: number;
  readonly cpus?: string;
  /** Our gateway only: the development issuer key file and the identity secret, plus any env. */
  readonly ours?: {
    readonly devIssuerKeyFile: string;
    readonly identitySecret: string;
    readonly env?: Record<string, string>;
  };
  /** Extra node flags (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[];
  readonly cwd?: string;
  /** Hive and Apollo only: a client request header copied to every subgraph request (G2's identity). */
  readonly forwardHeader?: string;
  /** Where Hive's config file is written when one is needed. */
  readonly workDir?: string;
}

export interface RunningGateway extends Launched {
  readonly kind: GatewayKind;
  readonly url: string;
}

/** Environment variables of the bench process that must not reach a gateway under test. */
const scrubbed = { KAFKA_BROKERS: undefined, KAFKA_NAMESPACE: undefined, NODE_OPTIONS: undefined };

/**
 * Starts one gateway under test over `supergraphPath`:
 * - ours: gateway/dist/main.js (token verification on, signed identity to subgraphs, shared reads,
 *   request limits, no persisted-operations manifest, supergraph read once);
 * - hive: the `hive-gateway supergraph` CLI of @graphql-hive/gateway, defaults (one process);
 * - hive-rr: the same with `--hive-router-runtime` (@graphql-hive/router-runtime: the Hive
 *   Router's Rust query planner, compiled to WebAssembly, and its executor);
 * - apollo: stock @apollo/gateway + @apollo/server standalone, defaults.
 */
export async function startGateway(options: GatewayLaunch): Promise<RunningGateway> {
  const url = `http://127.0.0.1:${options.port}/graphql`;
  const flags = options.nodeFlags ?? [];
  let launched: Launched;
  if (options.kind === 'ours') {
    if (!options.ours) throw new Error('our gateway needs its issuer key file and identity secret');
    launched = await launch({
      name: 'gateway (ours)',
      args: [...flags, join(repoRoot, 'gateway/dist/main.js')],
      cpus: options.cpus,
      cwd: options.cwd,
      env: {
        ...scrubbed,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(options.port),
        SUPERGRAPH_PATH: options.supergraphPath,
        SUPERGRAPH_POLL_MS: '0',
        PERSISTED_OPERATIONS_PATH: '',
        DEV_ISSUER_KEY_FILE: options.ours.devIssuerKeyFile,
        GATEWAY_IDENTITY_SECRET: options.ours.identitySecret,
        ...options.ours.env,
      },
      ready: async () => (await fetch(`http://127.0.0.1:${options.port}/readyz`)).ok,
    });
  } else if (options.kind === 'hive' || options.kind === 'hive-rr') {
    const configArgs: string[] = [];
    if (options.forwardHeader) {
      // The documented propagateHeaders option, and nothing else.
      const configPath = join(options.workDir ?? '.', 'hive-gateway.config.mjs');
      writeFileSync(
        configPath,
        `export const gatewayConfig = { propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ ${JSON.stringify(options.forwardHeader)}: request.headers.get(${JSON.stringify(options.forwardHeader)}) }) } };\n`,
      );
      configArgs.push('--config-path', configPath);
    }
    launched = await launch({
      name: `gateway (${options.kind})`,
      args: [
        ...flags,
        join(repoRoot, 'node_modules/@graphql-hive/gateway/dist/bin.js'),
        'supergraph',
        options.supergraphPath,
        '--host',
        '127.0.0.1',
        '--port',
        String(options.port),
        ...(options.kind === 'hive-rr' ? ['--hive-router-runtime'] : []),
        ...configArgs,
      ],
      cpus: options.cpus,
      cwd: options.cwd,
      env: { ...scrubbed, NODE_ENV: 'production' },
      ready: () => answersGraphql(url),
    });
  } else {
    launched = await launch({
      name: 'gateway (apollo)',
      args: [
        ...flags,
        join(benchDist, 'gateways/apollo-main.js'),
        options.supergraphPath,
        String(options.port),
        ...(options.forwardHeader ? [options.forwardHeader] : []),
      ],
      cpus: options.cpus,
      cwd: options.cwd,
      env: { ...scrubbed, NODE_ENV: 'production' },
      ready: () => answersGraphql(url),
    });
  }
  return Object.assign(launched, { kind: options.kind, url });
}
