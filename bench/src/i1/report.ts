import type { ScenarioResult } from '../report.js';

const fmt = (value: unknown, digits = 1) =>
  typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';

interface I1Entry {
  readonly ordersPerSec?: number | null;
  readonly p50?: number | null;
  readonly p99?: number | null;
  readonly notMeasured?: string;
}

/** I1's line in the targets table. */
export function i1Verdicts(result: ScenarioResult | undefined) {
  const entry = result?.entries as I1Entry | undefined;
  const rate = entry?.ordersPerSec;
  return [
    {
      target: 'I1: >= 2,000 orders/s through one adapter into deals',
      measured:
        typeof rate === 'number'
          ? `${fmt(rate, 0)} orders/s (p99 published-to-deal ${fmt(entry?.p99)} ms)`
          : 'not measured',
      met: typeof rate === 'number' ? rate >= 2000 : null,
    },
  ];
}

/** I1's section of RESULTS.md. */
export function i1Section(result: ScenarioResult | undefined): string[] {
  const lines = ['## I1 — orders of one sales system into deals (real Kafka + PostgreSQL)', ''];
  if (!result) return [...lines, 'Not run in this invocation.', ''];
  const entry = result.entries as I1Entry;
  lines.push(
    entry.notMeasured
      ? `Not measured: ${entry.notMeasured}`
      : `| orders/s | published-to-deal p50 ms | p99 ms |\n|---|---|---|\n| ${fmt(entry.ordersPerSec, 0)} | ${fmt(entry.p50)} | ${fmt(entry.p99)} |`,
    '',
  );
  if (result.notes) lines.push(...result.notes.map((note) => `- ${note}`), '');
  return lines;
}
