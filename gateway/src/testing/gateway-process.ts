import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { TEST_IDENTITY_SECRET, freePort, startService, type RunningService } from '@salesgraph/testkit';
import { subgraphsOf } from '../supergraph.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const committedSupergraph = join(repoRoot, 'supergraph.graphql');

export interface GatewayProcess {
  readonly service: RunningService;
  /** The GraphQL endpoint. */
  readonly url: string;
  /** Requests the gateway sent to subgraphs so far, from its /metrics. */
  subgraphRequests(): Promise<number>;
  /** The /metrics text. */
  metrics(): Promise<string>;
}

/** SUBGRAPH_URLS routing every subgraph of the supergraph to `url`, except the ones given. */
export function routeSubgraphs(
  url: string,
  except: Readonly<Record<string, string>> = {},
  supergraphPath = committedSupergraph,
): string {
  const names = [...subgraphsOf(parse(readFileSync(supergraphPath, 'utf8'))).keys()];
  return names.map((name) => `${name}=${except[name] ?? url}`).join(',');
}

/** The real gateway process (`gateway/dist/main.js`) on a free port, ready when this resolves. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = await startService({
    name: 'gateway',
    entry: join(repoRoot, 'gateway/dist/main.js'),
    env: {
      LOG_LEVEL: 'warn',
      GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
      SUPERGRAPH_PATH: committedSupergraph,
      ...env,
      PORT: String(port),
    },
    readyUrl: `${base}/readyz`,
  });
  const metrics = async () => (await fetch(`${base}/metrics`)).text();
  return {
    service,
    url: `${base}/graphql`,
    metrics,
    async subgraphRequests() {
      const text = await metrics();
      return [...text.matchAll(/^salesgraph_gateway_subgraph_requests_total\{[^}]*\} (\d+)$/gm)].reduce(
        (sum, match) => sum + Number(match[1]),
        0,
      );
    },
  };
}
