import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkOnce, compareTargets, type Target } from '../comparison.js';
import { composeSupergraph } from '../compose.js';
import type { BenchConfig } from '../config.js';
import { gatewayKinds, startGateway, type GatewayKind, type RunningGateway } from '../gateways/gateways.js';
import { benchDist } from '../paths.js';
import { launch } from '../processes.js';
import { measure } from '../measure.js';
import { summarizeProfile, type ProfileSummary } from '../profile.js';
import type { ScenarioResult } from '../report.js';
import { createWorkspace } from '../workspace.js';
import { startOtlpSink } from '../otlp-sink.js';
import { expectedG1Response } from './oracle.js';
import { g1Query } from './query.js';
import { g1SubgraphNames, sdl } from './schemas.js';

/**
 * G1: The Guild's federation benchmark (four subgraphs, its query) behind our gateway, Hive
 * Gateway and stock Apollo Gateway, each pinned to the gateway core, one at a time under load.
 */
/** The extra G1 target: our gateway with both kinds of sharing off. */
export const UNSHARED = 'ours-unshared';
const NO_SHARING = { GATEWAY_SHARE_OPERATIONS: 'false', GATEWAY_SHARE_SUBGRAPH_REQUESTS: 'false' };
/** The extra G1 target: our gateway with tracing on, 10 % of traces sampled, exported over OTLP to a sink. */
export const TRACED = 'ours-traced-10pct';

export async function runG1(config: Readonly<BenchConfig>, log: (message: string) => void): Promise<ScenarioResult> {
  const workspace = await createWorkspace('g1');
  const sink = await startOtlpSink();
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
    writeFileSync(
      supergraphPath,
      composeSupergraph(
        g1SubgraphNames.map((name) => ({ name, sdl: sdl[name], url: `http://127.0.0.1:${subgraphPort}/${name}` })),
      ),
    );
    const token = await workspace.issuer.issue({
      tenant: 'bench',
      roles: ['SALES_MANAGER'],
      sub: 'bench',
      ttlSeconds: 24 * 3600,
    });
    const expected = expectedG1Response();
    const body = JSON.stringify({ query: g1Query, operationName: 'TestQuery' });

    const targets: Target[] = [];
    for (const kind of config.BENCH_GATEWAYS.filter((name): name is GatewayKind =>
      (gatewayKinds as readonly string[]).includes(name),
    )) {
      const gateway: RunningGateway = workspace.track(
        await startGateway({
          kind,
          supergraphPath,
          port: await workspace.freePort(),
          cpus: config.BENCH_GATEWAY_CPUS,
          ours: {
            devIssuerKeyFile: workspace.devIssuerKeyFile,
            identitySecret: workspace.identitySecret,
            env: { GRAPHQL_MAX_COST: String(config.BENCH_G1_MAX_COST) },
          },
        }),
      );
      const headers = { authorization: `Bearer ${token}` };
      const check = await checkOnce({ url: gateway.url, headers }, body, expected);
      if (!check.ok) throw new Error(`G1: ${kind} does not answer the benchmark query correctly: ${check.sample}`);
      targets.push({ name: kind, pid: gateway.pid, url: gateway.url, headers });
    }
    if (targets.some((target) => target.name === 'ours')) {
      const headers = { authorization: `Bearer ${token}` };
      /** Our gateway again with `env` on top of G1's settings, checked, as target `name`. */
      const variant = async (name: string, what: string, env: Record<string, string>) => {
        const gateway: RunningGateway = workspace.track(
          await startGateway({
            kind: 'ours',
            supergraphPath,
            port: await workspace.freePort(),
            cpus: config.BENCH_GATEWAY_CPUS,
            ours: {
              devIssuerKeyFile: workspace.devIssuerKeyFile,
              identitySecret: workspace.identitySecret,
              env: { GRAPHQL_MAX_COST: String(config.BENCH_G1_MAX_COST), ...env },
            },
          }),
        );
        const check = await checkOnce({ url: gateway.url, headers }, body, expected);
        if (!check.ok)
          throw new Error(`G1: ours ${what} does not answer the benchmark query correctly: ${check.sample}`);
        targets.push({ name, pid: gateway.pid, url: gateway.url, headers });
      };
      // Sharing off: what each request costs when every connection is a different principal
      // (nothing can be shared between them).
      await variant(UNSHARED, 'without sharing', NO_SHARING);
      // Sharing on, tracing on at 10 % sampling: what tracing costs.
      await variant(TRACED, 'with tracing', {
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      });
    }
    log(`G1: ${targets.map((target) => target.name).join(', ')} answer correctly; measuring`);
    const counts = async () => {
      const response = await fetch(`http://127.0.0.1:${subgraphPort}/counts`);
      return Object.values((await response.json()) as Record<string, number>).reduce((sum, n) => sum + n, 0);
    };
    const results = await compareTargets({ config, targets, body, expected, subgraphRequests: counts, log });
    const profiles: Record<string, ProfileSummary> = {};
    if (config.BENCH_PROFILE) {
      for (const name of ['ours', UNSHARED, 'hive'] as const) {
        const target = targets.find((candidate) => candidate.name === name);
        if (!target) continue;
        const kind: GatewayKind = name === UNSHARED ? 'ours' : name;
        const dir = join(workspace.dir, `profile-${name}`);
        const gateway = await startGateway({
          kind,
          supergraphPath,
          port: await workspace.freePort(),
          cpus: config.BENCH_GATEWAY_CPUS,
          nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
          ours: {
            devIssuerKeyFile: workspace.devIssuerKeyFile,
            identitySecret: workspace.identitySecret,
            env: { GRAPHQL_MAX_COST: String(config.BENCH_G1_MAX_COST), ...(name === UNSHARED ? NO_SHARING : {}) },
          },
        });
        const spec = {
          url: gateway.url,
          headers: { 'content-type': 'application/json', ...target.headers },
          body,
          connections: config.BENCH_CONNECTIONS,
          warmupSeconds: Math.min(config.BENCH_WARMUP_SECONDS, 3),
          durationSeconds: Math.min(config.BENCH_DURATION_SECONDS, 10),
          expected,
        };
        const window = await measure({
          pid: gateway.pid,
          spec,
          loadCpus: config.BENCH_LOAD_CPUS,
          subgraphRequests: counts,
        });
        await gateway.stop();
        const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile'));
        if (file) {
          const summary = summarizeProfile(join(dir, file), { fromMicros: window.windowStartMicros });
          profiles[
            `${name} gateway, G1, --cpu-prof, ${summary.windowOnly ? `the ${spec.durationSeconds} s measured window only` : 'whole process life (window start not found in the profile)'}; ${window.rps.toFixed(0)} rps, ${window.cpuMsPerRequest.toFixed(1)} CPU ms/request`
          ] = summary;
        } else log(`G1: no CPU profile written by ${name}`);
      }
    }
    return {
      entries: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.entry])),
      details: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.detail])),
      profiles,
      notes: [
        "Subgraphs: the benchmark's four subgraphs reimplemented in Node (@apollo/subgraph schemas over the same data, one process, one path each) with answers memoized by request body, so they cost next to nothing. Kept from the originals on purpose: inventory ignores the price/weight the gateway sends (shippingEstimate is null), and every review's author is user 1. The expected answer comes from a plain non-federated schema over the same data, not from any gateway.",
        `Our gateway runs as in production except: the development issuer (an ES256 bearer token is verified on every request), GRAPHQL_MAX_COST=${config.BENCH_G1_MAX_COST} (the benchmark query's estimated cost exceeds the default 5,000 and would be refused), no persisted-operations manifest, supergraph read once. Its subgraph requests carry the caller's HS256 identity, signed once per principal every 10 s (GATEWAY_IDENTITY_REUSE_SECONDS). Hive Gateway and Apollo Gateway run with defaults and ignore the bearer header.`,
        `${UNSHARED}: our gateway with GATEWAY_SHARE_OPERATIONS=false and GATEWAY_SHARE_SUBGRAPH_REQUESTS=false, measured in the same run: the cost per request when every connection is a different principal. It is not a target row; the RPS and CPU per request it reaches are the honest comparison for traffic that cannot be shared.`,
        'Sharing: all 50 connections send the same operation with the same bearer token, i.e. one principal. Our gateway shares identical in-flight queries of one principal (one execution and one serialized response for every request that arrives while it runs; gateway/README.md, Shared reads) and identical in-flight subgraph requests of one principal; Hive Gateway deduplicates identical in-flight subgraph requests and batches entity fetches per subgraph; stock Apollo Gateway shares nothing. With a different principal per connection our gateway would share nothing between connections.',
      ],
    };
  } finally {
    await workspace.close();
    await sink.close();
  }
}
