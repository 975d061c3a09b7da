import type { SeedContext, SeedStats } from './context.js';
import { companyMetricsPageOperation, contractsPageOperation, pipelineOperation } from './operations.js';
import { openStages } from './plan/tenant-plan.js';
import { pollUntil } from './poll.js';

/** What the graph says once the seed is done. */
export interface GraphCounts {
  /** Deals per stage (the deals subgraph's PipelineSummary). */
  readonly pipeline: Readonly<Record<string, number>>;
  /** Contracts per status (contracts subgraph). */
  readonly contracts: Readonly<Record<string, number>>;
  /** Sum of Contract.activeLives (beneficiaries subgraph). */
  readonly activeLives: number;
  /** Sums of Company.metrics (the accounts subgraph's AccountMetrics projection of deal, contract and beneficiary events). */
  readonly accountMetrics: {
    readonly openDeals: number;
    readonly activeContracts: number;
    readonly activeLives: number;
  };
  /** How long AccountMetrics took to agree with what was created after the last write (null: it did not within the timeout). */
  readonly metricsSettledMs: number | null;
}

interface Page<N> {
  readonly edges: readonly { readonly node: N }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

async function allNodes<N>(context: SeedContext, token: string, document: string, field: string): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (;;) {
    const data: Record<string, Page<N>> = await context.client.execute(token, document, { after });
    const page = data[field]!;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

async function accountMetrics(context: SeedContext, token: string) {
  const companies = await allNodes<{ metrics: { openDeals: number; activeContracts: number; activeLives: number } }>(
    context,
    token,
    companyMetricsPageOperation,
    'companies',
  );
  return companies.reduce(
    (sum, { metrics }) => ({
      openDeals: sum.openDeals + metrics.openDeals,
      activeContracts: sum.activeContracts + metrics.activeContracts,
      activeLives: sum.activeLives + metrics.activeLives,
    }),
    { openDeals: 0, activeContracts: 0, activeLives: 0 },
  );
}

async function pipelineCounts(context: SeedContext, token: string): Promise<Record<string, number>> {
  const { pipeline } = await context.client.execute<{ pipeline: { stages: { stage: string; count: number }[] } }>(
    token,
    pipelineOperation,
  );
  return Object.fromEntries(pipeline.stages.map((s) => [s.stage, s.count]));
}

/**
 * Reads the (fresh) tenant back through the gateway, waiting (bounded) for the PipelineSummary
 * and AccountMetrics projections to catch up with the seed's writes.
 */
export async function readBack(context: SeedContext, stats: SeedStats): Promise<GraphCounts> {
  const token = await context.actors.manager();
  let pipeline = await pipelineCounts(context, token);
  try {
    pipeline = await pollUntil(
      async () => {
        pipeline = await pipelineCounts(context, token);
        return Object.entries(pipeline).every(([stage, count]) => count === stats.get(`deals.${stage}`)) && pipeline;
      },
      { description: 'PipelineSummary to count every seeded deal', timeoutMs: context.projectionTimeoutMs },
    );
  } catch {
    // reported with the last counts read
  }
  const contracts = await allNodes<{ status: string; activeLives: number }>(
    context,
    token,
    contractsPageOperation,
    'contracts',
  );
  const byStatus: Record<string, number> = {};
  for (const contract of contracts) byStatus[contract.status] = (byStatus[contract.status] ?? 0) + 1;

  const expected = {
    openDeals: openStages.reduce((sum, stage) => sum + stats.get(`deals.${stage}`), 0),
    activeContracts: stats.get('contracts.status.ACTIVE'),
    activeLives: stats.get('beneficiaries'),
  };
  const started = performance.now();
  let metrics = await accountMetrics(context, token);
  let metricsSettledMs: number | null = null;
  try {
    metrics = await pollUntil(
      async () => {
        const current = await accountMetrics(context, token);
        metrics = current;
        return (
          current.openDeals === expected.openDeals &&
          current.activeContracts === expected.activeContracts &&
          current.activeLives === expected.activeLives &&
          current
        );
      },
      { description: 'AccountMetrics to agree with the seeded data', timeoutMs: context.projectionTimeoutMs },
    );
    metricsSettledMs = Math.round(performance.now() - started);
  } catch {
    // reported as not settled (metricsSettledMs null) with the last values read
  }
  return {
    pipeline,
    contracts: byStatus,
    activeLives: contracts.reduce((sum, c) => sum + c.activeLives, 0),
    accountMetrics: metrics,
    metricsSettledMs,
  };
}
