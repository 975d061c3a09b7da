import { IDENTITY_HEADER } from '@salesgraph/auth';
import { cnpjFor } from '@salesgraph/seed';
import { percentile, visibilityDelays } from '../stats.js';

export interface LatencyWindow {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly writes: number;
  readonly achievedWritesPerSecond: number;
  readonly failedWrites: number;
  readonly notVisible: number;
  /** Ids of the companies written (for the stage breakdown). */
  readonly ids: readonly string[];
}

/**
 * `writes` createCompany mutations on the accounts subgraph at `perSecond` (open loop: each is
 * sent at its due time, whether or not earlier ones have answered); write-to-visible = the
 * summary row's commit (`visibleAt`, from the bench trigger's NOTIFY) - the mutation's send.
 */
export async function latencyWindow(options: {
  readonly accountsUrl: string;
  readonly identityHeader: string;
  readonly writes: number;
  readonly perSecond: number;
  readonly firstCnpj: number;
  readonly visibleAt: ReadonlyMap<string, number>;
}): Promise<LatencyWindow> {
  const { accountsUrl, identityHeader, writes, perSecond, firstCnpj, visibleAt } = options;
  const sentAt = new Map<string, number>();
  let failedWrites = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < writes; i += 1) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      fetch(accountsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identityHeader },
        body: JSON.stringify({
          query:
            'mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } problem { reason } } }',
          variables: {
            input: { legalName: `Bench K1 write ${firstCnpj + i}`, cnpj: cnpjFor(firstCnpj + i), employeeCount: 50 },
          },
        }),
      })
        .then(async (response) => {
          const body = (await response.json()) as { data?: { createCompany?: { company?: { id: string } } } };
          const id = body.data?.createCompany?.company?.id;
          if (id) sentAt.set(id, sent);
          else failedWrites += 1;
        })
        .catch(() => {
          failedWrites += 1;
        }),
    );
  }
  await Promise.all(pending);
  const achievedWritesPerSecond = writes / ((performance.now() - start) / 1000);
  const delays = await visibilityDelays(sentAt, visibleAt, 'every write to be visible');
  return {
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    max: delays[delays.length - 1] ?? Number.NaN,
    writes,
    achievedWritesPerSecond,
    failedWrites,
    notVisible: sentAt.size - delays.length,
    ids: [...sentAt.keys()],
  };
}
