/**
 * Our gateway as the bench runs it, besides its headline row (`ours`: one principal per
 * connection, settings as shipped). Each variant is its own gateway process.
 */
export interface OursVariant {
  readonly name: string;
  /** One principal for every connection (response and subgraph-request sharing can apply), or one per connection. */
  readonly principals: 'one' | 'per-connection';
  readonly env: Record<string, string>;
  readonly note: string;
}

/** Quotas on, against the local Redis, with buckets no request can empty: every request is admitted and settled, none refused. */
export const quotaEnvOfBench: Record<string, string> = {
  QUOTAS_ENABLED: 'true',
  REDIS_URL: 'redis://127.0.0.1:6379',
  QUOTA_USER_POINTS: '1e15',
  QUOTA_USER_RESTORE_PER_SECOND: '1e12',
  QUOTA_USER_REQUESTS_PER_HOUR: '1e15',
  QUOTA_TENANT_POINTS: '1e15',
  QUOTA_TENANT_RESTORE_PER_SECOND: '1e12',
  QUOTA_REDIS_TIMEOUT_MS: '2000',
};

export const oursVariants: readonly OursVariant[] = [
  {
    name: 'ours',
    principals: 'per-connection',
    env: {},
    note: 'headline: 50 principals (one token per connection), settings as shipped — no response can be shared between connections',
  },
  {
    name: 'ours-dedup',
    principals: 'one',
    env: { GATEWAY_SHARE_OPERATIONS: 'false' },
    note: "Hive Gateway's setting: identical in-flight subgraph requests deduplicated, responses not shared (one principal, so the deduplication can apply as Hive's does)",
  },
  {
    name: 'ours-unshared',
    principals: 'per-connection',
    env: { GATEWAY_SHARE_OPERATIONS: 'false', GATEWAY_SHARE_SUBGRAPH_REQUESTS: 'false' },
    note: "stock Apollo Gateway's setting: nothing shared or deduplicated",
  },
  {
    name: 'ours-apollo-executor',
    principals: 'per-connection',
    env: { GATEWAY_EXECUTOR: 'apollo' },
    note: "the headline row's settings with @apollo/gateway's own executor (GATEWAY_EXECUTOR=apollo): what our executor changes",
  },
  {
    name: 'ours-quota',
    principals: 'per-connection',
    env: quotaEnvOfBench,
    note: "the headline row with quotas on (issue 13): each request admitted against its user's and tenant's buckets in the local Redis (one round trip) and settled on its actual cost; buckets no request can empty — what the quota check adds per request",
  },
  {
    name: 'ours-one-principal',
    principals: 'one',
    env: {},
    note: 'secondary: settings as shipped, all 50 connections one principal (one token) — identical in-flight queries share one execution and response',
  },
];

/**
 * G1's row of our gateway with tracing on: the headline settings, 10 % of traces sampled, spans
 * exported over OTLP/HTTP to `endpoint` (a sink that discards them, src/otlp-sink.ts).
 */
export function tracedVariant(endpoint: string): OursVariant {
  return {
    name: 'ours-traced-10pct',
    principals: 'per-connection',
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    },
    note: "the headline row's settings with tracing on: 10 % of traces sampled and exported over OTLP (issue 15: at most 10 % of ours' RPS)",
  };
}

/** `count` bearer tokens of distinct principals of one tenant. */
export async function principalTokens(
  issue: (claims: { tenant: string; roles: ['SALES_MANAGER']; sub: string; ttlSeconds: number }) => Promise<string>,
  tenant: string,
  count: number,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let index = 1; index <= count; index++)
    tokens.push(await issue({ tenant, roles: ['SALES_MANAGER'], sub: `bench-${index}`, ttlSeconds: 24 * 3600 }));
  return tokens;
}
