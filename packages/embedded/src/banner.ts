export interface BannerOptions {
  readonly gatewayUrl: string;
  readonly dashboardUrl: string;
  readonly token: string;
  readonly tenant: string;
  readonly tokenHours: number;
  readonly mode: { readonly database: 'pglite' | 'postgresql'; readonly bus: 'in-process' | 'kafka' };
  /** The embedded data directory (relative to the repository), or null with DATABASE_URL. */
  readonly dataDir: string | null;
  readonly readyMs: number;
  readonly timings: Readonly<Record<string, number>>;
}

/** What `npm start` prints once the graph answers: where to go, and a token to go there with. */
export function startBanner(options: BannerOptions): string {
  const database = options.mode.database === 'pglite' ? `PGlite in ${options.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const bus = options.mode.bus === 'in-process' ? 'in-process event bus' : 'Kafka (KAFKA_BROKERS)';
  const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
  const phases = [
    options.timings['postgres'] !== undefined ? `database ${seconds(options.timings['postgres'])}` : null,
    `subgraphs ${seconds(options.timings['subgraphs'])}`,
    `gateway ${seconds(options.timings['gateway'])}`,
  ].filter(Boolean);
  return [
    '',
    `Salesgraph is running — ${database}, ${bus}. Ready in ${seconds(options.readyMs)} (${phases.join(', ')}).`,
    '',
    `  GraphQL     ${options.gatewayUrl}   (open it in a browser for GraphiQL)`,
    `  Dashboard   ${options.dashboardUrl}`,
    `  Token       SALES_MANAGER of tenant "${options.tenant}", valid ${options.tokenHours} h:`,
    '',
    options.token,
    '',
    `  Try:  curl -s ${options.gatewayUrl} -H 'content-type: application/json' \\`,
    `          -H "authorization: Bearer <the token>" -d '{"query":"{ pipeline { totals { count weightedValue } } }"}'`,
    '',
    `Ctrl+C stops.${options.dataDir ? ` State is kept in ${options.dataDir}; \`npm start -- --reset\` starts afresh.` : ''}`,
    '',
  ].join('\n');
}
