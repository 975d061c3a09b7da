import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@salesgraph/auth';
import { waitFor } from '@salesgraph/testkit';
import { checkOnce, compareTargets, type Target } from '../comparison.js';
import type { BenchConfig } from '../config.js';
import { gatewayKinds, startGateway, type GatewayKind } from '../gateways/gateways.js';
import { benchDist } from '../paths.js';
import { answersGraphql, launch } from '../processes.js';
import type { ScenarioResult } from '../report.js';
import { createWorkspace } from '../workspace.js';
import { oursVariants, principalTokens } from '../ours-variants.js';

/** G2 runs the headline row and the one-principal (sharing) row of our gateway. */
const g2Variants = oursVariants.filter((variant) => variant.name === 'ours' || variant.name === 'ours-one-principal');
import { pipelineBoardQuery } from './query.js';
import { seedPipeline } from './seed.js';
import { startSubgraphStack } from './stack.js';

type Answer = { data?: { deals?: { edges: { node: { process: unknown; contract: unknown } }[] } }; errors?: unknown };

/**
 * G2: the pipeline board over the five real subgraphs (PostgreSQL, Kafka) behind the three
 * gateways, and fetched from the subgraphs directly by hand-written code (the lower bound).
 */
export async function runG2(config: Readonly<BenchConfig>, log: (message: string) => void): Promise<ScenarioResult> {
  const workspace = await createWorkspace('g2');
  let dropDatabase: (() => Promise<void>) | undefined;
  try {
    const stack = await startSubgraphStack(config, workspace);
    dropDatabase = () => stack.database.drop();
    const identity: Identity = { sub: 'bench-manager', tenant: 'bench-g2', roles: ['SALES_MANAGER'], scopes: [] };
    const token = await workspace.issuer.issue({
      tenant: identity.tenant,
      roles: identity.roles,
      sub: identity.sub,
      ttlSeconds: 24 * 3600,
    });
    const kinds = config.BENCH_GATEWAYS.filter((name): name is GatewayKind =>
      (gatewayKinds as readonly string[]).includes(name),
    );
    const ours = workspace.track(
      await startGateway({
        kind: 'ours',
        supergraphPath: stack.supergraphPath,
        port: await workspace.freePort(),
        cpus: config.BENCH_GATEWAY_CPUS,
        ours: { devIssuerKeyFile: workspace.devIssuerKeyFile, identitySecret: workspace.identitySecret },
      }),
    );
    const bearer = { authorization: `Bearer ${token}` };
    const call = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(ours.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string }[] };
    };
    log('G2: seeding through our gateway (companies, deals, stages, contracts)');
    await seedPipeline(call);
    const body = JSON.stringify({ query: pipelineBoardQuery, operationName: 'PipelineBoard' });
    // The workflows projection derives processes from deal events: wait until every deal has one
    // and two reads in a row agree, then that answer is what every target must return.
    let expected: Answer | undefined;
    await waitFor(
      async () => {
        const answer = (await call(pipelineBoardQuery)) as Answer;
        const edges = answer.data?.deals?.edges ?? [];
        const settled =
          !answer.errors &&
          edges.length === 50 &&
          edges.every((edge) => edge.node.process !== null) &&
          isDeepStrictEqual(answer, expected);
        expected = answer;
        return settled;
      },
      { timeoutMs: 120_000, intervalMs: 1000, description: 'the projections to settle (every deal with a process)' },
    );
    // Hive and Apollo cannot sign identities: the client sends one, signed for an hour, and they
    // forward it — one per principal, as our gateway's tokens.
    const principals: Identity[] = Array.from({ length: config.BENCH_CONNECTIONS }, (_, index) => ({
      ...identity,
      sub: `bench-${index + 1}`,
    }));
    const tokens = await principalTokens(
      (claims) => workspace.issuer.issue(claims),
      identity.tenant,
      principals.length,
    );
    const bearers = tokens.map((principalToken) => ({ authorization: `Bearer ${principalToken}` }));
    const forwardedIdentities = await Promise.all(
      principals.map(async (principal) => ({
        [IDENTITY_HEADER]: await signForwardedIdentity(principal, workspace.identitySecret, 3600),
      })),
    );
    const targets: Target[] = [];
    for (const kind of kinds) {
      for (const variant of kind === 'ours' ? g2Variants : [undefined]) {
        const gateway =
          variant?.name === 'ours-one-principal'
            ? ours
            : workspace.track(
                await startGateway({
                  kind,
                  supergraphPath: stack.supergraphPath,
                  port: await workspace.freePort(),
                  cpus: config.BENCH_GATEWAY_CPUS,
                  forwardHeader: IDENTITY_HEADER,
                  workDir: workspace.dir,
                  ours: {
                    devIssuerKeyFile: workspace.devIssuerKeyFile,
                    identitySecret: workspace.identitySecret,
                    env: variant?.env ?? {},
                  },
                }),
              );
        const name = variant?.name ?? kind;
        const connectionHeaders =
          variant?.principals === 'one' ? undefined : kind === 'ours' ? bearers : forwardedIdentities;
        const headers = kind === 'ours' ? bearer : forwardedIdentities[0]!;
        const check = await checkOnce({ url: gateway.url, headers }, body, expected);
        if (!check.ok) throw new Error(`G2: ${name} does not answer the board like our gateway: ${check.sample}`);
        targets.push({
          name,
          pid: gateway.pid,
          url: gateway.url,
          headers,
          ...(connectionHeaders ? { connectionHeaders } : {}),
        });
      }
    }
    const directPort = await workspace.freePort();
    const settingsPath = join(workspace.dir, 'direct.json');
    writeFileSync(
      settingsPath,
      JSON.stringify({ port: directPort, urls: stack.urls, secret: workspace.identitySecret, identity }),
    );
    const direct = workspace.track(
      await launch({
        name: 'direct',
        args: [join(benchDist, 'g2/direct-main.js'), settingsPath],
        cpus: config.BENCH_GATEWAY_CPUS,
        ready: () => answersGraphql(`http://127.0.0.1:${directPort}/graphql`),
      }),
    );
    const directTarget: Target = {
      name: 'direct',
      pid: direct.pid,
      url: `http://127.0.0.1:${directPort}/graphql`,
      headers: {},
    };
    const directCheck = await checkOnce(directTarget, body, expected);
    if (!directCheck.ok)
      throw new Error(`G2: the direct fetch does not answer the board like our gateway: ${directCheck.sample}`);
    targets.push(directTarget);
    log(`G2: ${targets.map((target) => target.name).join(', ')} answer the same board; measuring`);
    const results = await compareTargets({
      config,
      targets,
      body,
      expected,
      subgraphRequests: () => stack.requests(),
      log,
    });
    const contracts = expected?.data?.deals?.edges.filter((edge) => edge.node.contract !== null).length ?? 0;
    return {
      entries: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.entry])),
      details: Object.fromEntries(Object.entries(results).map(([name, result]) => [name, result.detail])),
      notes: [
        `Data: one tenant seeded through our gateway's public mutations: 25 companies, 50 deals (30 LEAD, 20 NEGOTIATION), ${contracts} with a contract (10 DRAFT, 10 APPROVED), every deal with its workflow process (from the deal events). \`activeLives\` is 0 everywhere (no signed contract, so no beneficiaries), still resolved by the beneficiaries subgraph per contract.`,
        "Our gateway verifies the caller's ES256 bearer token (a verified token is remembered for 60 s) and signs its HS256 identity once per principal every 10 s. ours: 50 principals of the tenant (one token per connection), so no response is shared between connections; ours-one-principal (secondary): all 50 connections one principal, so identical in-flight board queries share one execution and response (gateway/README.md, Shared reads). Hive Gateway (default runtime, and hive-rr with --hive-router-runtime; config: `propagateHeaders.fromClientToSubgraphs` only) and stock Apollo Gateway (a `RemoteGraphQLDataSource.willSendRequest` that copies one header) forward a pre-signed `x-salesgraph-identity` the load generator sends, one per principal like ours — they do no token work. `direct` signs per subgraph request like ours.",
        'Subgraph processes, PostgreSQL and the load generator share the non-gateway core; PostgreSQL is not pinned.',
      ],
    };
  } finally {
    await workspace.close();
    await dropDatabase?.();
  }
}
