import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOnce, compareTargets, type Target } from '../comparison.js';
import { composeSupergraph } from '../compose.js';
import type { BenchConfig } from '../config.js';
import { gatewayKinds, startGateway, type GatewayKind, type RunningGateway } from '../gateways/gateways.js';
import { benchDist } from '../paths.js';
import { launch } from '../processes.js';
import type { ScenarioResult } from '../report.js';
import { createWorkspace } from '../workspace.js';
import { expectedG1Response } from './oracle.js';
import { g1Query } from './query.js';
import { g1SubgraphNames, sdl } from './schemas.js';

/**
 * G1: The Guild's federation benchmark (four subgraphs, its query) behind our gateway, Hive
 * Gateway and stock Apollo Gateway, each pinned to the gateway core, one at a time under load.
 */
export async function runG1(config: Readonly<BenchConfig>, log: (message: string) => void): Promise<ScenarioResult> {
  const workspace = await createWorkspace('g1');
  try {
    const subgraphPort = await workspace.freePort();
    workspace.track(
      await launch({
        name: 'G1 subgraphs',
        args: [join(benchDist, 'g1/subgraphs-main.js'), String(subgraphPort)],
        cpus: config.BENCH_SUBGRAPH_CPUS,
        ready: async () => (await fetch(`http://127.0.0.1:${subgraphPort}/healthz`)).ok,
      }),
    );
    const supergraphPath = join(workspace.dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composeSupergraph(g1SubgraphNames.map((name) => ({ name, sdl: sdl[name], url: `http://127.0.0.1:${subgraphPort}/${name}` }))));
    const token = await workspace.issuer.issue({ tenant: 'bench', roles: ['SALES_MANAGER'], sub: 'bench', ttlSeconds: 24 * 3600 });
    const expected = expectedG1Response();
    const body = JSON.stringify({ query: g1Query, operationName: 'TestQuery' });

    const targets: Target[] = [];
    for (const kind of config.BENCH_GATEWAYS.filter((name): name is GatewayKind => (gatewayKinds as readonly string[]).includes(name))) {
      const gateway: RunningGateway = workspace.track(
        await startGateway({
          kind,
          supergraphPath,
          port: await workspace.freePort(),
          cpus: config.BENCH_GATEWAY_CPUS,
          ours: { devIssuerKeyFile: workspace.devIssuerKeyFile, identitySecret: workspace.identitySecret, env: { GRAPHQL_MAX_COST: String(config.BENCH_G1_MAX_COST) } },
        }),
      );
      const headers = { authorization: `Bearer ${token}` };
      const check = await checkOnce({ url: gateway.url, headers }, body, expected);
      if (!check.ok) throw new Error(`G1: ${kind} does not answer the benchmark query correctly: ${check.sample}`);
      targets.push({ name: kind, pid: gateway.pid, url: gateway.url, headers });
    }
    log(`G1: ${targets.map((target) => target.name).join(', ')} answer correctly; measuring`);
    const counts = async () => {
      const response = await fetch(`http://127.0.0.1:${subgraphPort}/counts`);
      return Object.values((await response.json()) as Record<string, number>).reduce((sum, n) => sum + n, 0);
    };
    const results = await compareTargets({ config, targets, body, expected, subgraphRequests: counts, log });
    return { entries: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.entry])), details: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.detail])) };
  } finally {
    await workspace.close();
  }
}
