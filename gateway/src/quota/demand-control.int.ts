import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createLogger } from '@salesgraph/logging';
import { waitFor } from '@salesgraph/testkit';
import { createDemandControl, type DemandDecision } from './demand-control.js';
import { quotaPolicy } from './quota-policy.js';
import { createRedisBuckets } from './redis-buckets.js';

/** Slow restore rates, so nothing refills during a test. */
const policy = quotaPolicy({
  QUOTA_CLIENT_POINTS: 100,
  QUOTA_CLIENT_RESTORE_PER_SECOND: 0.001,
  QUOTA_CLIENT_REQUESTS_PER_MINUTE: 5,
  QUOTA_USER_POINTS: 200,
  QUOTA_USER_RESTORE_PER_SECOND: 0.001,
  QUOTA_USER_REQUESTS_PER_HOUR: 1000,
  QUOTA_TENANT_POINTS: 250,
  QUOTA_TENANT_RESTORE_PER_SECOND: 0.001,
  QUOTA_CLIENT_OVERRIDES: { 'big-app': { points: 1000, requestsPerMinute: 100 } },
});

const refusal = (decision: DemandDecision) =>
  'refused' in decision
    ? { code: decision.refused.error.extensions['code'], bucket: decision.refused.error.extensions['bucket'] }
    : undefined;

describe('demand control over Redis: client, user and tenant buckets', () => {
  const buckets = createRedisBuckets({ url: 'redis://127.0.0.1:6379', timeoutMs: 1000 });
  const rejected: string[] = [];
  const demand = createDemandControl({
    buckets,
    policy,
    onStoreFailure: 'open',
    logger: createLogger('demand-control-int', 'silent'),
    onRejected: (bucket) => rejected.push(bucket),
  });
  before(() => buckets.connected(5000));
  after(() => demand.close());

  it('refuses a client over its points with RATE_LIMITED naming client-points, and serves another client of the tenant', async () => {
    const tenant = randomUUID();
    assert.equal(refusal(await demand.admit({ tenant, client: 'app-1' }, 60)), undefined);
    const refused = await demand.admit({ tenant, client: 'app-1' }, 60);
    assert.deepEqual(refusal(refused), { code: 'RATE_LIMITED', bucket: 'client-points' });
    assert.ok('refused' in refused);
    const http = refused.refused.error.extensions['http'] as { status: number; headers: Map<string, string> };
    assert.equal(http.status, 429);
    assert.ok(Number(http.headers.get('retry-after')) >= 1);
    assert.match(http.headers.get('ratelimit') ?? '', /"client-points";r=40;t=\d+/);
    assert.match(refused.refused.error.message, /client-points bucket: it holds 40 of the 60/);
    assert.equal(refusal(await demand.admit({ tenant, client: 'app-2' }, 60)), undefined);
    assert.ok(rejected.includes('client-points'));
  });

  it("counts a client's requests per minute apart from its points", async () => {
    const tenant = randomUUID();
    for (let request = 0; request < 5; request++)
      assert.equal(refusal(await demand.admit({ tenant, client: 'app' }, 0)), undefined);
    assert.deepEqual(refusal(await demand.admit({ tenant, client: 'app' }, 0)), {
      code: 'RATE_LIMITED',
      bucket: 'client-requests',
    });
  });

  it('refuses every caller of a tenant once the tenant bucket is spent, and not other tenants', async () => {
    const tenant = randomUUID();
    await demand.admit({ tenant, user: 'u1' }, 200);
    assert.deepEqual(refusal(await demand.admit({ tenant, user: 'u2' }, 100)), {
      code: 'RATE_LIMITED',
      bucket: 'tenant-points',
    });
    assert.equal(refusal(await demand.admit({ tenant: randomUUID(), user: 'u2' }, 100)), undefined);
  });

  it("applies a client's configured quota over the defaults", async () => {
    const tenant = randomUUID();
    const decision = await demand.admit({ tenant, client: 'big-app' }, 150);
    assert.ok('ticket' in decision);
    assert.equal(demand.throttleStatus(decision.ticket.buckets)?.maximumAvailable, 1000);
  });

  it('gives back what a request did not use, so its next request fits', async () => {
    const tenant = randomUUID();
    const first = await demand.admit({ tenant, client: 'app' }, 90);
    assert.ok('ticket' in first);
    const settled = demand.settle(first.ticket, 10);
    assert.equal(demand.throttleStatus(settled)?.currentlyAvailable, 90);
    // The refund is sent without waiting; the next admission fits once Redis has applied it.
    const next = await waitFor(async () => {
      const decision = await demand.admit({ tenant, client: 'app' }, 80);
      return 'ticket' in decision && decision;
    });
    assert.equal(refusal(next), undefined);
  });

  it('refuses a request costing more than a bucket ever holds with QUERY_TOO_COMPLEX, without drawing', async () => {
    const tenant = randomUUID();
    assert.deepEqual(refusal(await demand.admit({ tenant, client: 'app' }, 101)), {
      code: 'QUERY_TOO_COMPLEX',
      bucket: undefined,
    });
    assert.equal(refusal(await demand.admit({ tenant, client: 'app' }, 100)), undefined);
  });
});
