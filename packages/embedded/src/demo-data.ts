import type { DevIssuer } from '@salesgraph/auth';
import { DEVELOPMENT_SIGNATURE_SECRET, runSeed, todayInSaoPaulo, type TenantSummary } from '@salesgraph/seed';

export interface DemoDataOptions {
  readonly gatewayUrl: string;
  readonly tenant: string;
  /** `npm run seed`'s scale: 0.1 = 5 companies, 50 deals, 10 contracts, 500 beneficiaries. */
  readonly scale: number;
  readonly issuer: Pick<DevIssuer, 'issue'>;
  readonly log: (line: string) => void;
}

export interface DemoDataResult {
  /** False when the tenant already had companies (a data directory from an earlier run). */
  readonly created: boolean;
  readonly ms: number;
  readonly summary: TenantSummary;
}

/**
 * Demo data through the gateway's public operations with the seed package (`npm run seed`)
 * at a small scale, so every event flows through the outboxes, the bus and the projections
 * as it would in production. A tenant that already has companies is left alone.
 */
export async function seedDemoData(options: DemoDataOptions): Promise<DemoDataResult> {
  const summary = await runSeed({
    gatewayUrl: options.gatewayUrl,
    tenants: [options.tenant],
    scale: options.scale,
    seed: 'salesgraph',
    today: todayInSaoPaulo(),
    concurrency: 4,
    issuer: options.issuer,
    // The contracts subgraph's development default (the embedded start sets no other).
    signatureSecret: DEVELOPMENT_SIGNATURE_SECRET,
    progressIntervalMs: 5_000,
    log: options.log,
  });
  const tenant = summary.tenants[0]!;
  return { created: tenant.skipped === null, ms: summary.ms, summary: tenant };
}
