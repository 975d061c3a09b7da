import { z } from 'zod';
import { parse } from 'graphql';
import type { HTTPGraphQLRequest } from '@apollo/server';
import { parseConfig } from '@salesgraph/config';
import { createLogger } from '@salesgraph/logging';
import { apiSchemaOf } from '@salesgraph/public-contract';
import { CostModels } from '@salesgraph/gateway/dist/cost/cost-models.js';
import { estimateCost } from '@salesgraph/gateway/dist/cost/estimate-cost.js';
import { RenderedData } from '@salesgraph/gateway/dist/executor/rendered-data.js';
import { createDemandControl } from '@salesgraph/gateway/dist/quota/demand-control.js';
import { createHttpQuota, settleOnActualCost } from '@salesgraph/gateway/dist/quota/http-quota.js';
import { quotaEnv } from '@salesgraph/gateway/dist/quota/quota-config.js';
import { quotaPolicy } from '@salesgraph/gateway/dist/quota/quota-policy.js';
import { createQuotaStore } from '@salesgraph/gateway/dist/quota/quota-store.js';
import { quotaEnvOfBench } from '../ours-variants.js';
import { round } from '../stats.js';

export interface QuotaCheckMeasurement {
  readonly requests: number;
  /** CPU of this process per request: admission (the Redis script call), the actual cost of the response, settling. */
  readonly cpuMsPerRequest: number;
  /** Wall time per request, one after the other: the CPU above plus the Redis round trip of admission. */
  readonly wallMsPerRequest: number;
  readonly requestedCost: number;
  readonly actualCost: number | null;
}

/**
 * The quota check of our gateway alone, on G1's operation and answer, with the gateway's own
 * code (gateway/src/quota: `createHttpQuota().admit`, then `settleOnActualCost`) against the
 * local Redis: what quotas add to each request, apart from the rest of the request. The
 * `ours-quota` row measures the same end to end, where run-to-run noise and a different share
 * of deduplicated subgraph requests hide a difference this small.
 */
export async function measureQuotaCheck(options: {
  readonly supergraphSdl: string;
  readonly query: string;
  readonly operationName: string;
  readonly response: { readonly data?: unknown };
  readonly requests: number;
}): Promise<QuotaCheckMeasurement> {
  const config = parseConfig(z.object(quotaEnv), quotaEnvOfBench);
  const store = createQuotaStore(config);
  const demand = createDemandControl({
    buckets: store,
    policy: quotaPolicy(config),
    onStoreFailure: 'closed',
    logger: createLogger('bench-quota', 'silent'),
  });
  try {
    await store.connected?.(5000);
    const schema = apiSchemaOf(options.supergraphSdl);
    const costModels = new CostModels(10);
    const model = costModels.update(schema, options.supergraphSdl);
    const quota = createHttpQuota({ demand, costModels, formatError: (formatted) => formatted });
    const document = parse(options.query);
    const requestedCost = estimateCost(model, document, { operationName: options.operationName });
    // As our executor hands it to Apollo: the response data written as JSON, with the merged
    // subgraph answers it was written from (here the answer itself; the executor's also hold the
    // key fields its entity fetches needed, which the cost walk never visits).
    const data = new RenderedData(JSON.stringify(options.response.data), options.response.data);
    const request = { method: 'POST', headers: new Map(), search: '', body: {} } as unknown as HTTPGraphQLRequest;
    const operation = {
      document,
      requestedCost,
      operationName: options.operationName,
      variables: undefined,
      extensions: undefined,
    };
    let actualCost: number | null = null;
    const once = async (principal: number) => {
      const context = {
        identity: { sub: `bench-${principal % 50}`, tenant: 'bench', roles: ['SALES_REP'], scopes: [] },
      };
      const refused = await quota.admit(context as never, request, operation);
      if (refused) throw new Error('the quota check refused a request the bench buckets should admit');
      const ticket = (context as { demandTicket?: Parameters<typeof settleOnActualCost>[0]['ticket'] }).demandTicket!;
      actualCost = settleOnActualCost(
        { demand, costModels, ticket },
        { data, document, operationName: options.operationName, schema },
      ).cost.actualQueryCost;
    };
    for (let i = 0; i < Math.min(500, options.requests); i++) await once(i); // warm-up
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let i = 0; i < options.requests; i++) await once(i);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      requests: options.requests,
      cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / options.requests, 3),
      wallMsPerRequest: round(wallMs / options.requests, 3),
      requestedCost,
      actualCost,
    };
  } finally {
    await demand.close();
  }
}
