import { join } from 'node:path';
import type { BenchConfig } from '../config.js';
import { benchDist } from '../paths.js';
import { launch, type Launched } from '../processes.js';

/** What one clients process (clients-main.ts) reports at the end of a level. */
export interface ClientReport {
  readonly received: number;
  readonly snapshots: number;
  readonly errors: number;
  readonly closes: number;
  /** Connections opened again after the gateway refused them before connection_ack (4408, 1013). */
  readonly retries: number;
  readonly histogram: readonly [number, number][];
}

/** A clients process (clients-main.ts) with `connections` graphql-ws connections, on the load cores. */
export function launchClients(
  config: Readonly<BenchConfig>,
  name: string,
  wsUrl: string,
  token: string,
  connections: number,
): Promise<Launched> {
  return launch({
    name,
    args: [join(benchDist, 's1/clients-main.js'), wsUrl, token, String(connections)],
    cpus: config.BENCH_LOAD_CPUS,
    stdin: true,
  });
}

/** Deliveries a clients process has counted so far (its latest PROGRESS line). */
export const receivedBy = (client: Launched): number =>
  Number(client.latest('PROGRESS ')?.slice('PROGRESS '.length) ?? 0);

/** Asks every clients process for its report; the delays of all of them in one histogram (ms -> count). */
export async function collectReports(
  clients: readonly Launched[],
): Promise<{ reports: ClientReport[]; histogram: Map<number, number> }> {
  const reports: ClientReport[] = [];
  for (const client of clients) {
    client.child.stdin?.write('REPORT\n');
    const line = await client.waitForLine((candidate) => candidate.startsWith('RESULT '), 60_000);
    reports.push(JSON.parse(line.slice('RESULT '.length)) as ClientReport);
  }
  const histogram = new Map<number, number>();
  for (const report of reports) for (const [ms, n] of report.histogram) histogram.set(ms, (histogram.get(ms) ?? 0) + n);
  return { reports, histogram };
}
