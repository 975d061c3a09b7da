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
import { oursVariants, principalTokens, tracedVariant, type OursVariant } from '../ours-variants.js';
import { startOtlpSink } from '../otlp-sink.js';
import { expectedG1Response } from './oracle.js';
import { g1Query } from './query.js';
import { measureQuotaCheck } from './quota-check.js';
import { g1SubgraphNames, sdl } from './schemas.js';

/**
 * G1: The Guild's federation benchmark (four subgraphs, its query) behind our gateway (in the
 * variants of ours-variants.ts), Hive Gateway (default runtime and Rust router runtime) and
 * stock Apollo Gateway, each pinned to the gateway core, one at a time under load.
 */
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
    const supergraphSdl = composeSupergraph(
      g1SubgraphNames.map((name) => ({ name, sdl: sdl[name], url: `http://127.0.0.1:${subgraphPort}/${name}` })),
    );
    writeFileSync(supergraphPath, supergraphSdl);
    const tokens = await principalTokens((claims) => workspace.issuer.issue(claims), 'bench', config.BENCH_CONNECTIONS);
    const oneToken = { authorization: `Bearer ${tokens[0]!}` };
    const perConnection = tokens.map((token) => ({ authorization: `Bearer ${token}` }));
    const expected = expectedG1Response();
    const body = JSON.stringify({ query: g1Query, operationName: 'TestQuery' });
    const oursLaunch = (env: Record<string, string>) => ({
      devIssuerKeyFile: workspace.devIssuerKeyFile,
      identitySecret: workspace.identitySecret,
      env: { GRAPHQL_MAX_COST: String(config.BENCH_G1_MAX_COST), ...env },
    });

    const targets: Target[] = [];
    const variants = new Map<string, OursVariant>();
    for (const kind of config.BENCH_GATEWAYS.filter((name): name is GatewayKind =>
      (gatewayKinds as readonly string[]).includes(name),
    )) {
      const traced = tracedVariant(sink.url);
      const chosen = [...oursVariants, traced].filter(
        (variant) => config.BENCH_OURS_VARIANTS.length === 0 || config.BENCH_OURS_VARIANTS.includes(variant.name),
      );
      for (const variant of kind === 'ours' ? chosen : [undefined]) {
        const name = variant?.name ?? kind;
        const gateway: RunningGateway = workspace.track(
          await startGateway({
            kind,
            supergraphPath,
            port: await workspace.freePort(),
            cpus: config.BENCH_GATEWAY_CPUS,
            ours: oursLaunch(variant?.env ?? {}),
          }),
        );
        const check = await checkOnce({ url: gateway.url, headers: oneToken }, body, expected);
        if (!check.ok) throw new Error(`G1: ${name} does not answer the benchmark query correctly: ${check.sample}`);
        targets.push({
          name,
          pid: gateway.pid,
          url: gateway.url,
          headers: oneToken,
          ...(variant?.principals === 'per-connection' ? { connectionHeaders: perConnection } : {}),
        });
        if (variant) variants.set(name, variant);
      }
    }
    log(`G1: ${targets.map((target) => target.name).join(', ')} answer correctly; measuring`);
    const counts = async () => {
      const response = await fetch(`http://127.0.0.1:${subgraphPort}/counts`);
      return Object.values((await response.json()) as Record<string, number>).reduce((sum, n) => sum + n, 0);
    };
    const results = await compareTargets({ config, targets, body, expected, subgraphRequests: counts, log });
    const profiles: Record<string, ProfileSummary> = {};
    if (config.BENCH_PROFILE) {
      for (const name of ['ours', 'hive-rr'] as const) {
        const target = targets.find((candidate) => candidate.name === name);
        if (!target) continue;
        const kind: GatewayKind = name;
        const dir = join(workspace.dir, `profile-${name}`);
        const gateway = await startGateway({
          kind,
          supergraphPath,
          port: await workspace.freePort(),
          cpus: config.BENCH_GATEWAY_CPUS,
          nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
          ours: oursLaunch({}),
        });
        const spec = {
          url: gateway.url,
          headers: { 'content-type': 'application/json', ...target.headers },
          body,
          connections: config.BENCH_CONNECTIONS,
          warmupSeconds: Math.min(config.BENCH_WARMUP_SECONDS, 3),
          durationSeconds: Math.min(config.BENCH_DURATION_SECONDS, 10),
          expected,
          ...(target.connectionHeaders ? { connectionHeaders: target.connectionHeaders } : {}),
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
    const quotaCheck =
      'ours-quota' in results
        ? await measureQuotaCheck({
            supergraphSdl,
            query: g1Query,
            operationName: 'TestQuery',
            response: expected as { data?: unknown },
            requests: 3000,
          })
        : undefined;
    if (quotaCheck)
      log(
        `G1: the quota check alone (${quotaCheck.requests} requests, local Redis): ${quotaCheck.cpuMsPerRequest} CPU ms and ${quotaCheck.wallMsPerRequest} ms per request`,
      );
    return {
      entries: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.entry])),
      details: {
        ...Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.detail])),
        ...(quotaCheck ? { 'quota-check': quotaCheck } : {}),
      },
      profiles,
      notes: [
        "Subgraphs: the benchmark's four subgraphs reimplemented in Node (@apollo/subgraph schemas over the same data, one process, one path each) with answers memoized by request body, so they cost next to nothing. Kept from the originals on purpose: inventory ignores the price/weight the gateway sends (shippingEstimate is null), and every review's author is user 1. The expected answer comes from a plain non-federated schema over the same data, not from any gateway.",
        `Our gateway runs as in production except: the development issuer (an ES256 bearer token is verified on every request), GRAPHQL_MAX_COST=${config.BENCH_G1_MAX_COST} (the benchmark query's estimated cost exceeds the default 5,000 and would be refused), no persisted-operations manifest, supergraph read once. Its subgraph requests carry the caller's HS256 identity, signed once per principal every 10 s (GATEWAY_IDENTITY_REUSE_SECONDS). Hive Gateway and Apollo Gateway run with defaults and ignore the bearer header.`,
        ...[...variants.values()].map((variant) => `${variant.name}: ${variant.note}.`),
        'hive-rr: Hive Gateway with `--hive-router-runtime` (@graphql-hive/router-runtime, a devDependency: the Hive Router query planner in Rust, as WebAssembly, and its executor), otherwise defaults; hive: default runtime. Hive Gateway deduplicates identical in-flight subgraph requests of all clients and batches entity fetches per subgraph; stock Apollo Gateway shares nothing. Hive and Apollo ignore the bearer header, so principals change nothing for them.',
      ],
    };
  } finally {
    await workspace.close();
    await sink.close();
  }
}
