import { gatewayVerdicts, type Verdict } from './gateway-verdicts.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayDetail } from './comparison.js';
import type { BenchConfig } from './config.js';
import { machineLine, type Machine } from './machine.js';
import type { ProfileSummary } from './profile.js';
import { benchDir } from './paths.js';
import { i1Section, i1Verdicts } from './i1/report.js';

export interface ScenarioResult {
  /** What results.json holds for the scenario (the issue's shape). */
  readonly entries: Record<string, unknown>;
  /** Everything else measured (results-detail.json, RESULTS.md). */
  readonly details?: Record<string, unknown>;
  readonly notes?: readonly string[];
  readonly profiles?: Readonly<Record<string, ProfileSummary>>;
}

export interface Report {
  readonly machine: Machine;
  readonly date: string;
  readonly command: string;
  readonly config: Readonly<BenchConfig>;
  readonly scenarios: Readonly<Record<string, ScenarioResult>>;
  readonly totalSeconds: number;
  /** Hand-written findings kept with the results (bench/analysis.json), rendered under the targets. */
  readonly analysis?: readonly string[];
}

const fmt = (value: unknown, digits = 1) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
const range = (spread: { median: number; min: number; max: number } | undefined, digits = 1) =>
  spread ? `${fmt(spread.median, digits)} (${fmt(spread.min, digits)}–${fmt(spread.max, digits)})` : '—';

function gatewayTable(result: ScenarioResult): string[] {
  const rows = [
    '| | RPS median (min–max) | p50 ms | p95 ms | p99 ms | errors | RSS MB | gateway CPU (cores) | CPU ms / request | subgraph requests / op | machine load avg |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const name of Object.keys(result.entries)) {
    const detail = result.details?.[name] as GatewayDetail | undefined;
    const entry = result.entries[name] as { errors?: number; notMeasured?: string };
    if (!detail) {
      rows.push(`| ${name} | not measured: ${entry.notMeasured ?? 'unknown'} | | | | | | | | | |`);
      continue;
    }
    rows.push(
      `| ${name} | ${range(detail.rps, 0)} | ${range(detail.p50)} | ${range(detail.p95)} | ${range(detail.p99)} | ${entry.errors ?? '—'} | ${range(detail.rssMb, 0)} | ${range(detail.cpuCores, 2)} | ${range(detail.cpuMsPerRequest, 2)} | ${range(detail.subgraphRequestsPerOperation, 1)} | ${range(detail.loadAverage, 1)} |`,
    );
  }
  return rows;
}

function verdicts(report: Report): Verdict[] {
  const s1 = report.scenarios['S1']?.entries as
    | Record<string, { p99?: number | null; fetchesPerEvent?: number | null }>
    | undefined;
  const largest = s1?.['10000'];
  const fetches = Object.values(s1 ?? {})
    .map((entry) => entry.fetchesPerEvent)
    .filter((value): value is number => typeof value === 'number');
  const k1 = report.scenarios['K1']?.entries as { eventsPerSec?: number | null; p99?: number | null } | undefined;
  return [
    ...gatewayVerdicts('G1', report.scenarios['G1']),
    ...gatewayVerdicts('G2', report.scenarios['G2']),
    {
      target: 'S1: 10,000 subscribers, p99 <= 500 ms',
      measured: typeof largest?.p99 === 'number' ? `${fmt(largest.p99)} ms` : 'not measured',
      met: typeof largest?.p99 === 'number' ? largest.p99 <= 500 : null,
    },
    {
      target: 'S1: entity fetches per event constant in subscribers',
      measured: fetches.length > 1 ? fetches.map((value) => fmt(value, 2)).join(' / ') : 'not measured',
      met: fetches.length > 1 ? Math.max(...fetches) <= Math.min(...fetches) * 1.1 + 0.01 : null,
    },
    {
      target: 'K1: >= 5,000 events/s',
      measured: typeof k1?.eventsPerSec === 'number' ? `${fmt(k1.eventsPerSec, 0)} events/s` : 'not measured',
      met: typeof k1?.eventsPerSec === 'number' ? k1.eventsPerSec >= 5000 : null,
    },
    {
      target: 'K1: p99 write-to-visible <= 200 ms at 100 writes/s',
      measured: typeof k1?.p99 === 'number' ? `${fmt(k1.p99)} ms` : 'not measured',
      met: typeof k1?.p99 === 'number' ? k1.p99 <= 200 : null,
    },
    ...i1Verdicts(report.scenarios['I1']),
  ];
}

function profileSection(name: string, summary: ProfileSummary): string[] {
  return [
    `**${name}** — self time of the busy (non-idle) samples, by package: ${summary.byPackage.map((entry) => `${entry.name} ${entry.percent}%`).join(', ')}.`,
    '',
    'Top functions (self time):',
    '',
    ...summary.topFunctions.map((entry) => `- ${entry.percent}% ${entry.name}`),
    '',
  ];
}

/** Sentences from the measurements themselves about what bounds each comparison. */
function bounds(report: Report): string[] {
  const lines: string[] = [];
  const load = report.machine.loadAverageAtStart[0] ?? 0;
  if (load > report.machine.cores) {
    const cores = (scenario: string) =>
      Object.entries((report.scenarios[scenario]?.details ?? {}) as Record<string, GatewayDetail>)
        .filter(([, detail]) => detail.cpuCores)
        .map(([name, detail]) => `${name} ${fmt(detail.cpuCores.median, 2)}`)
        .join(', ');
    lines.push(
      `The machine was busy at start: load average ${load.toFixed(1)} on ${report.machine.cores} cores (a 1-minute average, so it includes the minute before the run; the per-window load averages are in the tables). Gateway CPU used (cores, median): G1 ${cores('G1') || '—'}; G2 ${cores('G2') || '—'}. Where that is under 1.0 the process waited for the scheduler or for its subgraphs, so within-run ratios and CPU ms per request are the more stable figures.`,
    );
  }
  for (const scenario of ['G1', 'G2'] as const) {
    const details = report.scenarios[scenario]?.details as Record<string, GatewayDetail> | undefined;
    const ours = details?.['ours'];
    const hive = details?.['hive'];
    if (!ours || !hive) continue;
    lines.push(
      `${scenario}: our gateway made ${fmt(ours.subgraphRequestsPerOperation.median, 1)} subgraph requests per operation, Hive Gateway ${fmt(hive.subgraphRequestsPerOperation.median, 1)}; our gateway used ${fmt(ours.cpuMsPerRequest.median)} CPU ms per request, Hive ${fmt(hive.cpuMsPerRequest.median)}${details?.['apollo'] ? `, stock Apollo ${fmt(details['apollo'].cpuMsPerRequest.median)}` : ''}${details?.['direct'] ? `, the direct fetch ${fmt(details['direct'].cpuMsPerRequest.median)}` : ''}.`,
    );
  }
  const g2 = report.scenarios['G2']?.details as Record<string, GatewayDetail> | undefined;
  if (g2?.['ours'] && g2['ours'].cpuCores.median < 0.5) {
    lines.push(
      `G2: the gateways were not CPU-bound (our gateway used ${fmt(g2['ours'].cpuCores.median, 2)} of its core): the five subgraphs and PostgreSQL on the other core bound the board, so subgraph requests per operation decide RPS${g2['direct'] ? ` — the hand-written direct fetch (${fmt(g2['direct'].subgraphRequestsPerOperation.median, 1)} requests/op) reached ${fmt(g2['direct'].rps.median, 0)} rps` : ''}${g2['hive'] ? `, while Hive Gateway, sharing identical in-flight work between the 50 connections (${fmt(g2['hive'].subgraphRequestsPerOperation.median, 1)} requests/op), reached ${fmt(g2['hive'].rps.median, 0)}` : ''}.`,
    );
  }
  const s1 = report.scenarios['S1']?.details as
    | Record<string, { delivered?: number; expectedDeliveries?: number; closes?: number }>
    | undefined;
  for (const [count, detail] of Object.entries(s1 ?? {})) {
    if (
      detail.delivered !== undefined &&
      detail.expectedDeliveries !== undefined &&
      detail.delivered < detail.expectedDeliveries
    ) {
      lines.push(
        `S1 ${count}: ${detail.delivered} of ${detail.expectedDeliveries} deliveries arrived within the wait (120 s after the last event), with ${detail.closes ?? 0} connections closed — whole events missing for every subscriber, not investigated here (subscription engine).`,
      );
    }
  }
  const k1 = report.scenarios['K1']?.details as { achievedWritesPerSecond?: number } | undefined;
  const offered = report.config.BENCH_K1_WRITES_PER_SECOND;
  if (k1?.achievedWritesPerSecond !== undefined && k1.achievedWritesPerSecond < offered * 0.9) {
    lines.push(
      `K1: the accounts subgraph completed only ${fmt(k1.achievedWritesPerSecond)} createCompany writes/s of the ${offered}/s offered, so the latency run built a backlog in the write path itself; its p50/p99 include that queueing.`,
    );
  }
  return lines;
}

export function renderMarkdown(report: Report): string {
  const { config } = report;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Machine: ${machineLine(report.machine, report.date)}`,
    '',
    `Command: \`${report.command}\` (total ${Math.round(report.totalSeconds)} s). Generated by \`bench/\` (see bench/README.md); do not edit by hand.`,
    '',
    `Settings: ${config.BENCH_RUNS} measured run(s) per target, interleaved; warm-up ${config.BENCH_WARMUP_SECONDS} s, measured window ${config.BENCH_DURATION_SECONDS} s, ${config.BENCH_CONNECTIONS} connections (autocannon 8.0.0, separate process). Gateway pinned with \`taskset -c ${config.BENCH_GATEWAY_CPUS}\`; load generator \`taskset -c ${config.BENCH_LOAD_CPUS}\`; subgraphs \`taskset -c ${config.BENCH_SUBGRAPH_CPUS}\`. Values are medians over the runs with (min–max); errors are summed over all measured windows (non-2xx, wrong body, connection errors, timeouts). Every response body is compared with the expected answer.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...verdicts(report).map(
      (verdict) =>
        `| ${verdict.target} | ${verdict.measured} | ${verdict.met === null ? (verdict.target.includes('(secondary)') ? '—' : 'not measured') : verdict.met ? 'yes' : '**no**'} |`,
    ),
    '',
    "### What bounds the results (from this run's measurements)",
    '',
    ...bounds(report).map((line) => `- ${line}`),
    ...(report.analysis ?? []).map((line) => `- ${line}`),
    '',
  ];
  for (const [scenario, title] of [
    ['G1', 'G1 — The Guild federation benchmark (accounts, inventory, products, reviews)'],
    ['G2', 'G2 — pipeline board over the five Salesgraph subgraphs (50 deals)'],
  ] as const) {
    const result = report.scenarios[scenario];
    lines.push(`## ${title}`, '');
    if (!result) {
      lines.push('Not run in this invocation.', '');
      continue;
    }
    if (Object.keys(result.details ?? {}).length > 0) lines.push(...gatewayTable(result), '');
    if (result.notes) lines.push(...result.notes.map((note) => `- ${note}`), '');
    for (const [name, summary] of Object.entries(result.profiles ?? {})) lines.push(...profileSection(name, summary));
  }
  const s1 = report.scenarios['S1'];
  lines.push('## S1 — graphql-ws subscribers to dealChanged and pipelineChanged on one gateway process', '');
  if (s1) {
    lines.push(
      '| subscribers | event-to-delivery p50 ms | p99 ms | gateway RSS MB | entity fetches / event | delivered / expected | connections closed |',
      '|---|---|---|---|---|---|---|',
    );
    for (const [count, entry] of Object.entries(
      s1.entries as Record<
        string,
        {
          p50: number | null;
          p99: number | null;
          rssMb: number | null;
          fetchesPerEvent: number | null;
          notMeasured?: string;
        }
      >,
    )) {
      const detail = s1.details?.[count] as
        | { delivered?: number; expectedDeliveries?: number; closes?: number }
        | undefined;
      lines.push(
        entry.notMeasured
          ? `| ${count} | not measured: ${entry.notMeasured} | | | | | |`
          : `| ${count} | ${fmt(entry.p50)} | ${fmt(entry.p99)} | ${fmt(entry.rssMb, 0)} | ${fmt(entry.fetchesPerEvent, 2)} | ${detail?.delivered ?? '—'} / ${detail?.expectedDeliveries ?? '—'} | ${detail?.closes ?? '—'} |`,
      );
    }
    lines.push('');
    if (s1.notes) lines.push(...s1.notes.map((note) => `- ${note}`), '');
  } else lines.push('Not run in this invocation.', '');
  const k1 = report.scenarios['K1'];
  lines.push('## K1 — one projection on real Kafka + PostgreSQL', '');
  if (k1) {
    const entry = k1.entries as {
      eventsPerSec: number | null;
      p50: number | null;
      p99: number | null;
      notMeasured?: string;
    };
    lines.push(
      entry.notMeasured
        ? `Not measured: ${entry.notMeasured}`
        : `| events/s | write-to-visible p50 ms | p99 ms |\n|---|---|---|\n| ${fmt(entry.eventsPerSec, 0)} | ${fmt(entry.p50)} | ${fmt(entry.p99)} |`,
      '',
    );
    if (k1.notes) lines.push(...k1.notes.map((note) => `- ${note}`), '');
  } else lines.push('Not run in this invocation.', '');
  lines.push(...i1Section(report.scenarios['I1']));
  return `${lines.join('\n')}\n`;
}

export function writeReport(dir: string, report: Report): void {
  const results = {
    machine: report.machine,
    date: report.date,
    scenarios: Object.fromEntries(Object.entries(report.scenarios).map(([name, result]) => [name, result.entries])),
  };
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const detail = {
    date: report.date,
    command: report.command,
    machine: report.machine,
    config: report.config,
    totalSeconds: report.totalSeconds,
    scenarios: Object.fromEntries(
      Object.entries(report.scenarios).map(([name, result]) => [
        name,
        { details: result.details ?? {}, notes: result.notes ?? [], profiles: result.profiles ?? {} },
      ]),
    ),
  };
  writeFileSync(join(dir, 'results-detail.json'), `${JSON.stringify(detail, null, 2)}\n`);
  writeFileSync(join(dir, 'RESULTS.md'), renderMarkdown(report));
}

/** bench/analysis.json: findings written by people (a JSON array of strings), kept across runs. */
export function readAnalysis(): string[] {
  const path = join(benchDir, 'analysis.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as string[]) : [];
}
