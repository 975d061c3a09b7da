import { readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  composeStub,
  pipelineChangedField,
  stubSdl,
} from '@salesgraph/gateway/dist/subscriptions/testing/deals-stub.js';
import { topics } from '@salesgraph/events';
import { createKafkaBus, type BusProducer, developmentTopicPolicy } from '@salesgraph/kafka';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import type { BenchConfig } from '../config.js';
import { startGateway } from '../gateways/gateways.js';
import { benchDist } from '../paths.js';
import { cpuSeconds, launch, rssMb, rssSampler, type Launched } from '../processes.js';
import { summarizeProfile, type ProfileSummary } from '../profile.js';
import type { ScenarioResult } from '../report.js';
import { round } from '../stats.js';
import { createWorkspace, type Workspace } from '../workspace.js';
import { gatewayDeliveryBound, loggedProblems, metric, percentileOf, runQueueSeconds } from './gateway-readings.js';
import { collectReports, launchClients, receivedBy } from './clients.js';
import { dealIds, publish, tenant } from './s1-events.js';

export interface S1Entry {
  readonly p50: number | null;
  readonly p99: number | null;
  readonly rssMb: number | null;
  readonly fetchesPerEvent: number | null;
  readonly notMeasured?: string;
}

/**
 * One subscriber count on a fresh gateway process: subscribe all, publish events, collect
 * delays. With `profileDir` the gateway runs under --cpu-prof (written when it stops);
 * `windowStartMicros` is when the first event was published, on the profile's clock.
 */
async function measureLevel(
  config: Readonly<BenchConfig>,
  workspace: Workspace,
  supergraphPath: string,
  namespace: string,
  producer: BusProducer,
  subscribers: number,
  log: (message: string) => void,
  profileDir?: string,
): Promise<{ entry: S1Entry; detail: Record<string, unknown>; windowStartMicros: number }> {
  const gateway = await startGateway({
    kind: 'ours',
    supergraphPath,
    port: await workspace.freePort(),
    cpus: config.BENCH_GATEWAY_CPUS,
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    ours: {
      devIssuerKeyFile: workspace.devIssuerKeyFile,
      identitySecret: workspace.identitySecret,
      env: {
        KAFKA_BROKERS: config.KAFKA_BROKERS,
        KAFKA_NAMESPACE: namespace,
        GATEWAY_INSTANCE_ID: `bench-s1-${subscribers}`,
      },
    },
  });
  const clients: Launched[] = [];
  try {
    const wsUrl = gateway.url.replace('http://', 'ws://');
    const token = await workspace.issuer.issue({ tenant, roles: ['SALES_MANAGER'], sub: 'bench-s1', ttlSeconds: 3600 });
    // Warm-up: one subscriber, events until one arrives (the consumer has its partitions).
    const probe = await launchClients(config, 'S1 probe', wsUrl, token, 1);
    await probe.waitForLine((line) => line.startsWith('READY'), 60_000);
    let warmIndex = 0;
    await waitFor(
      async () => {
        await publish(producer, warmIndex++);
        return receivedBy(probe) > 0;
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'the gateway to deliver a warm-up event' },
    );
    await probe.stop();
    const processes = Math.min(config.BENCH_S1_CLIENT_PROCESSES, subscribers);
    const startsBefore = await metric(gateway.url, 'salesgraph_gateway_subscription_starts_total');
    for (let p = 0; p < processes; p += 1) {
      const share = Math.floor(subscribers / processes) + (p < subscribers % processes ? 1 : 0);
      clients.push(await launchClients(config, `S1 clients ${p + 1}`, wsUrl, token, share));
    }
    await Promise.all(clients.map((client) => client.waitForLine((line) => line.startsWith('READY'), 300_000)));
    await waitFor(
      async () =>
        (await metric(gateway.url, 'salesgraph_gateway_subscription_starts_total')) >= startsBefore + subscribers * 2,
      {
        timeoutMs: 120_000,
        description: `${subscribers * 2} subscriptions to start`,
      },
    );
    const rssSubscribed = rssMb(gateway.pid);
    const fetchesBefore = await metric(gateway.url, 'salesgraph_gateway_subscription_entity_fetches_total');
    const consumedBefore = await metric(gateway.url, 'salesgraph_gateway_subscription_events_total');
    const rss = rssSampler(gateway.pid);
    const events = config.BENCH_S1_EVENTS;
    log(
      `  S1 ${subscribers}: ${subscribers} connections x 2 subscriptions ready (gateway RSS ${rssSubscribed.toFixed(0)} MB); publishing ${events} events every ${config.BENCH_S1_EVENT_INTERVAL_MS} ms`,
    );
    const expected = subscribers * events;
    const received = () => clients.reduce((sum, client) => sum + receivedBy(client), 0);
    const loadAverageBefore = loadavg()[0] ?? 0;
    const cpuOf = () => ({
      gateway: cpuSeconds(gateway.pid),
      gatewayWaiting: runQueueSeconds(gateway.pid),
      clients: clients.reduce((sum, client) => sum + cpuSeconds(client.pid), 0),
      clientsWaiting: clients.reduce((sum, client) => sum + runQueueSeconds(client.pid), 0),
    });
    const cpuBefore = cpuOf();
    const started = Date.now();
    const windowStartMicros = Number(process.hrtime.bigint() / 1000n);
    for (let i = 0; i < events; i += 1) {
      await publish(producer, 1000 + i);
      await new Promise((resolve) => setTimeout(resolve, config.BENCH_S1_EVENT_INTERVAL_MS));
    }
    await waitFor(() => received() >= expected, {
      timeoutMs: 120_000,
      intervalMs: 250,
      description: `${expected} deliveries`,
    }).catch(() => undefined);
    const cpuAfter = cpuOf();
    const elapsedSeconds = (Date.now() - started) / 1000;
    const loadAverageAfter = loadavg()[0] ?? 0;
    const peakRss = rss.stop();
    const fetches = (await metric(gateway.url, 'salesgraph_gateway_subscription_entity_fetches_total')) - fetchesBefore;
    const consumed = (await metric(gateway.url, 'salesgraph_gateway_subscription_events_total')) - consumedBefore;
    const redelivered = await metric(gateway.url, 'salesgraph_gateway_subscription_events_redelivered_total');
    const gatewayP99Bound = await gatewayDeliveryBound(gateway.url, 99);
    const { reports, histogram } = await collectReports(clients);
    const delivered = reports.reduce((sum, report) => sum + report.received, 0);
    const entry: S1Entry = {
      p50: percentileOf(histogram, 50),
      p99: percentileOf(histogram, 99),
      rssMb: round(peakRss, 0),
      fetchesPerEvent: round(fetches / events, 2),
    };
    const gatewayCpu = cpuAfter.gateway - cpuBefore.gateway;
    const detail = {
      subscribers,
      subscriptions: subscribers * 2,
      events,
      delivered,
      expectedDeliveries: expected,
      rssSubscribedMb: round(rssSubscribed, 0),
      fetches,
      eventsConsumedByGateway: consumed,
      eventsRedeliveredToGateway: redelivered,
      gatewayWrittenP99AtMostSeconds: gatewayP99Bound,
      errors: reports.reduce((sum, r) => sum + r.errors, 0),
      closes: reports.reduce((sum, r) => sum + r.closes, 0),
      connectRetries: reports.reduce((sum, r) => sum + r.retries, 0),
      max: Math.max(...histogram.keys()),
      windowSeconds: round(elapsedSeconds, 1),
      gatewayCpuCores: round(gatewayCpu / elapsedSeconds, 2),
      gatewayCpuMicrosPerDelivery: delivered > 0 ? round((gatewayCpu * 1e6) / delivered, 1) : null,
      gatewayRunQueueWaitSeconds: round(cpuAfter.gatewayWaiting - cpuBefore.gatewayWaiting, 2),
      clientCpuCores: round((cpuAfter.clients - cpuBefore.clients) / elapsedSeconds, 2),
      clientsRunQueueWaitSeconds: round(cpuAfter.clientsWaiting - cpuBefore.clientsWaiting, 2),
      loadAverage: [round(loadAverageBefore, 1), round(loadAverageAfter, 1)],
      gatewayWarnings: loggedProblems(gateway.output()),
    };
    log(
      `  S1 ${subscribers}${profileDir ? ' (--cpu-prof)' : ''}: p50 ${entry.p50} ms, p99 ${entry.p99} ms, peak RSS ${entry.rssMb} MB, ${entry.fetchesPerEvent} fetches/event, delivered ${delivered}/${expected}; the gateway wrote 99% of event messages within ${gatewayP99Bound ?? '?'} s; gateway ${detail.gatewayCpuCores} cores (${detail.gatewayCpuMicrosPerDelivery} µs/delivery, waited ${detail.gatewayRunQueueWaitSeconds} s for a core), clients ${detail.clientCpuCores} cores (waited ${detail.clientsRunQueueWaitSeconds} s), load average ${detail.loadAverage.join(' -> ')}, gateway warnings ${JSON.stringify(detail.gatewayWarnings)}`,
    );
    return { entry, detail, windowStartMicros };
  } finally {
    for (const client of clients) await client.stop();
    await gateway.stop();
  }
}

/** The window-only summary of the profile a --cpu-prof level wrote. */
function profileOf(dir: string, windowStartMicros: number): (ProfileSummary & { windowOnly: boolean }) | undefined {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  return file ? summarizeProfile(join(dir, file), { fromMicros: windowStartMicros }) : undefined;
}

/**
 * S1: graphql-ws subscribers (each connection subscribes to dealChanged and pipelineChanged)
 * on one gateway process pinned to its core, clients spread over several processes on the
 * other core; events published to real Kafka as the deals outbox relay would.
 */
export async function runS1(config: Readonly<BenchConfig>, log: (message: string) => void): Promise<ScenarioResult> {
  const workspace = await createWorkspace('s1');
  const namespace = uniqueName('bench_s1');
  const bus = createKafkaBus({
    brokers: config.KAFKA_BROKERS.split(','),
    clientId: 'bench-s1',
    namespace,
    topicPolicy: { ...developmentTopicPolicy, partitions: 1 },
  });
  try {
    await bus.ensureTopics([topics.deal, topics.pipeline]);
    const producer = await bus.producer();
    const stubPort = await workspace.freePort();
    const stub = workspace.track(
      await launch({
        name: 'S1 deals stub',
        args: [
          join(benchDist, 's1/deals-stub-main.js'),
          String(stubPort),
          workspace.identitySecret,
          tenant,
          dealIds.join(','),
        ],
        cpus: config.BENCH_SUBGRAPH_CPUS,
      }),
    );
    await stub.waitForLine((line) => line === 'READY', 60_000);
    const supergraphPath = join(workspace.dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composeStub(`http://127.0.0.1:${stubPort}/graphql`, stubSdl(pipelineChangedField)));
    const entries: Record<string, S1Entry> = {};
    const details: Record<string, unknown> = {};
    for (const subscribers of [1000, 5000, 10000]) {
      if (!config.BENCH_S1_SUBSCRIBERS.includes(subscribers)) {
        entries[String(subscribers)] = {
          p50: null,
          p99: null,
          rssMb: null,
          fetchesPerEvent: null,
          notMeasured: 'not selected (BENCH_S1_SUBSCRIBERS)',
        };
        continue;
      }
      try {
        const result = await measureLevel(config, workspace, supergraphPath, namespace, producer, subscribers, log);
        entries[String(subscribers)] = result.entry;
        details[String(subscribers)] = result.detail;
      } catch (error) {
        log(`  S1 ${subscribers} failed: ${(error as Error).message}`);
        entries[String(subscribers)] = {
          p50: null,
          p99: null,
          rssMb: null,
          fetchesPerEvent: null,
          notMeasured: `the run failed: ${(error as Error).message.split('\n')[0]}`,
        };
      }
    }
    const profiles: Record<string, ProfileSummary> = {};
    const largest = Math.max(...config.BENCH_S1_SUBSCRIBERS.filter((n) => [1000, 5000, 10000].includes(n)));
    if (config.BENCH_PROFILE && Number.isFinite(largest)) {
      // One extra level under --cpu-prof: the profiler's own cost stays out of the measured levels.
      const dir = join(workspace.dir, 'profile-s1');
      try {
        const result = await measureLevel(config, workspace, supergraphPath, namespace, producer, largest, log, dir);
        const summary = profileOf(dir, result.windowStartMicros);
        const detail = result.detail as { gatewayCpuMicrosPerDelivery: number | null; windowSeconds: number };
        if (summary)
          profiles[
            `our gateway, S1 ${largest} subscribers, --cpu-prof, ${summary.windowOnly ? `from the first event to the last delivery (${detail.windowSeconds} s)` : 'whole process life (window start not found in the profile)'}; p99 ${result.entry.p99} ms, ${detail.gatewayCpuMicrosPerDelivery} CPU µs per delivery`
          ] = summary;
        else log('S1: no CPU profile written');
      } catch (error) {
        log(`  S1 profile run failed: ${(error as Error).message}`);
      }
    }
    await producer.disconnect();
    return {
      entries,
      details,
      profiles,
      notes: [
        `Each subscriber is one graphql-ws connection with two subscriptions (dealChanged and pipelineChanged), all in one tenant as SALES_MANAGER, so every event fans out to every subscriber. ${config.BENCH_S1_EVENTS} events per level (deal.updated and pipeline.summary_changed alternating, one every ${config.BENCH_S1_EVENT_INTERVAL_MS} ms) published to real Kafka; delay = client receive time - the event's occurredAt (set just before publishing).`,
        `Clients: ${config.BENCH_S1_CLIENT_PROCESSES} processes (raw graphql-transport-ws over ws) on core ${config.BENCH_LOAD_CPUS}; a fresh gateway process per level on core ${config.BENCH_GATEWAY_CPUS}. A connection the gateway refuses before connection_ack with 4408 or 1013 (a starved gateway missing the 3 s init deadline) is opened again, up to 5 times, as the graphql-ws client would (connectRetries); "connections closed" counts closes after connection_ack. Entity fetches per event come from the gateway's salesgraph_gateway_subscription_entity_fetches_total. Gateway and client CPU (results-detail.json: gatewayCpuCores, clientCpuCores, gatewayCpuMicrosPerDelivery) are read from /proc from the first event to the last delivery, with the seconds each main thread was runnable but waiting for a core (gatewayRunQueueWaitSeconds, clientsRunQueueWaitSeconds, from /proc/<pid>/schedstat); the gateway's warnings are counted by message (gatewayWarnings).`,
        "The deals subgraph is the gateway's own test stub (gateway/src/subscriptions/testing/deals-stub.ts): the deals subgraph's subscription declarations (@eventSource on dealChanged/pipelineChanged, same topics, loads and filters), identity verification and visibility rule, over an in-memory map holding the 50 deals, so S1 measures the gateway's engine, not deals' SQL.",
      ],
    };
  } finally {
    await bus.close();
    await workspace.close();
  }
}
