import { readFileSync } from 'node:fs';

/** What S1 reads off its gateway process: run-queue waits, logged problems, /metrics counters and histograms. */

/**
 * Seconds the process's main thread was runnable but waiting for a core (the second field of
 * /proc/<pid>/schedstat, in ns): on a shared machine, the share of the delay that is waiting
 * for the scheduler rather than work.
 */
export function runQueueSeconds(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
}

/** What the gateway logged (warnings and errors), counted by message: a lost delivery leaves a trace here. */
export function loggedProblems(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 40) counts[entry.msg ?? '?'] = (counts[entry.msg ?? '?'] ?? 0) + 1;
    } catch {
      // a partial line at the start of the kept output
    }
  }
  return counts;
}

export async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * The gateway's own view of event-to-delivery: the upper bound (s) of the histogram bucket in
 * which `p`% of its observations (one per event and group: from occurredAt until its message
 * was written to every subscriber of the group) fall. Clients add their own reading on top.
 */
export async function gatewayDeliveryBound(url: string, p: number): Promise<number | null> {
  const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  const buckets = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match =
      /^salesgraph_gateway_subscription_event_delivery_seconds_bucket\{field="[^"]*",le="([^"]+)"\} (\d+)$/.exec(line);
    if (match) buckets.set(match[1]!, (buckets.get(match[1]!) ?? 0) + Number(match[2]));
  }
  const total = buckets.get('+Inf') ?? 0;
  if (total === 0) return null;
  const bound = [...buckets].find(([, cumulative]) => cumulative >= (p / 100) * total)?.[0];
  return bound === undefined || bound === '+Inf' ? null : Number(bound);
}

export function percentileOf(histogram: Map<number, number>, p: number): number {
  const total = [...histogram.values()].reduce((sum, n) => sum + n, 0);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [ms, n] of [...histogram].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen >= rank) return ms;
  }
  return Number.NaN;
}
