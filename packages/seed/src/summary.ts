import type { SeedSummary, TenantSummary } from './seed.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const list = (counts: Readonly<Record<string, number>> | undefined) =>
  Object.entries(counts ?? {})
    .map(([key, value]) => `${key} ${value}`)
    .join(', ') || '-';

function tenantLines(t: TenantSummary): string[] {
  if (t.skipped) return [`${t.tenant}: skipped (${t.skipped})`];
  const lines = [
    `${t.tenant}: ${seconds(t.ms)}, ${t.requests} requests through the gateway`,
    `  planned        ${list(t.planned as unknown as Record<string, number>)}`,
    `  companies      ${t.created['companies']?.['total'] ?? 0}; contacts: ${list(t.created['contacts'])}`,
    `  deals          ${list(t.created['deals'])}`,
    `  contracts      ${list(t.created['contracts'])}; approval levels: ${list(t.created['approvalLevels'])}; tasks completed: ${list(t.created['approvalTasks'])}`,
    `  beneficiaries  ${list(t.created['beneficiaries'])}`,
    `  waited for projections: ${list(t.created['projectionWaits'])}`,
    `  requests (count × mean ms): ${Object.entries(t.latency)
      .map(([name, l]) => `${name} ${l.count}×${l.meanMs}`)
      .join(', ')}`,
  ];
  if (t.graph) {
    const m = t.graph.accountMetrics;
    lines.push(
      `  graph: pipeline ${list(t.graph.pipeline)}`,
      `         contracts ${list(t.graph.contracts)}; Contract.activeLives total ${t.graph.activeLives}`,
      `         AccountMetrics openDeals ${m.openDeals}, activeContracts ${m.activeContracts}, activeLives ${m.activeLives} ` +
        (t.graph.metricsSettledMs === null
          ? '(NOT settled within the timeout)'
          : `(settled ${seconds(t.graph.metricsSettledMs)} after the last write)`),
    );
  }
  return lines;
}

/** The summary the CLI prints: counts per tenant, what the graph says, and timing. */
export function formatSummary(summary: SeedSummary): string {
  return [
    `Seeded ${summary.tenants.length} tenant(s) at scale ${summary.scale} through ${summary.gatewayUrl} in ${seconds(summary.ms)}`,
    ...summary.tenants.flatMap(tenantLines),
  ].join('\n');
}
