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
    name: 'ours-one-principal',
    principals: 'one',
    env: {},
    note: 'secondary: settings as shipped, all 50 connections one principal (one token) — identical in-flight queries share one execution and response',
  },
];

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
