import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer, type DevIssuer } from '@salesgraph/auth';
import { waitFor } from '@salesgraph/testkit';
import type { GatewayApp } from '../app.js';
import { startInProcessGateway } from '../testing/in-process-gateway.js';
import { startRecordingSubgraph, type RecordingSubgraph } from '../testing/recording-subgraph.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../testing/throwaway-redis.js';

/** One company: costs 1 requested and 1 actual. */
const companyQuery = `query Company($id: ID!) { company(id: $id) { id legalName } }`;
const company = { id: 'c-1', legalName: 'Padaria Pão Quente Ltda' };

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: unknown } };
  };
}

async function post(url: string, token: string, query = companyQuery): Promise<Answer> {
  return postTo(url, token, query);
}

async function postTo(url: string, token: string, query: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { id: 'c-1' } }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

/** Users: 3 points, restoring one every 1,000 s (nothing refills during the test). */
const startGateway = (dir: string, subgraph: RecordingSubgraph, env: Record<string, string>) =>
  startInProcessGateway(dir, {
    SUBGRAPH_URLS: `accounts=${subgraph.url}`,
    QUOTAS_ENABLED: 'true',
    QUOTA_USER_POINTS: '3',
    QUOTA_USER_RESTORE_PER_SECOND: '0.001',
    ...env,
  });

describe('quotas at the gateway over the local Redis', () => {
  let dir: string;
  let issuer: DevIssuer;
  let subgraph: RecordingSubgraph;
  let app: GatewayApp;
  const token = (tenant: string, sub: string) => issuer.issue({ tenant, roles: ['SALES_REP'], sub });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quota-int-'));
    issuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company } } }));
    app = await startGateway(dir, subgraph, { REDIS_URL: 'redis://127.0.0.1:6379' });
  });

  after(async () => {
    await app?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the cost and the buckets on every response (extensions.cost, RateLimit-Policy, RateLimit)', async () => {
    const answer = await post(app.url, await token(randomUUID(), 'rep-1'));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.extensions?.cost, {
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { name: 'user-points', maximumAvailable: 3, currentlyAvailable: 2, restoreRate: 0.001 },
    });
    assert.equal(
      answer.headers.get('ratelimit-policy'),
      '"user-points";q=3;w=3000, "user-requests";q=1000;w=3600, "tenant-points";q=20000;w=20',
    );
    assert.match(
      answer.headers.get('ratelimit') ?? '',
      /^"user-points";r=2;t=1000, "user-requests";r=999;t=\d+, "tenant-points";r=19999;t=1$/,
    );
  });

  it('answers a user over quota 429 with Retry-After and RATE_LIMITED naming the bucket, and asks no subgraph', async () => {
    const tenant = randomUUID();
    const rep = await token(tenant, 'rep-1');
    for (let request = 0; request < 3; request++) assert.equal((await post(app.url, rep)).status, 200);
    const before = subgraph.received.length;
    const refused = await post(app.url, rep);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal(refused.body.data, undefined);
    assert.equal(refused.body.errors?.[0]?.extensions?.['code'], 'RATE_LIMITED');
    assert.equal(refused.body.errors?.[0]?.extensions?.['bucket'], 'user-points');
    assert.match(refused.body.errors?.[0]?.message ?? '', /user-points bucket: it holds 0 of the 1 .* retry in \d+ s/);
    assert.equal(refused.body.extensions?.cost?.requestedQueryCost, 1);
    assert.match(refused.headers.get('ratelimit') ?? '', /"user-points";r=0/);
    assert.equal(subgraph.received.length, before, 'the refused request reached no subgraph');

    // Another user of the tenant, and a user of another tenant, are served.
    assert.equal((await post(app.url, await token(tenant, 'rep-2'))).status, 200);
    assert.equal((await post(app.url, await token(randomUUID(), 'rep-1'))).status, 200);
  });

  it("charges a public API caller to its client buckets (a client's token: sub is the client id)", async () => {
    const tenant = randomUUID();
    const client = await issuer.issue({ tenant, roles: [], sub: 'integrator-app', scopes: ['companies:read'] });
    const answer = await postTo(app.url.replace('/graphql', '/public/graphql'), client, companyQuery);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.extensions?.cost?.throttleStatus, {
      name: 'client-points',
      maximumAvailable: 1000,
      currentlyAvailable: 999,
      restoreRate: 50,
    });
    assert.match(
      answer.headers.get('ratelimit-policy') ?? '',
      /^"client-points";q=1000;w=20, "client-requests";q=100;w=60, "tenant-points"/,
    );
  });

  it('refuses a document costing more than the bucket ever holds with QUERY_TOO_COMPLEX (400)', async () => {
    const answer = await post(
      app.url,
      await token(randomUUID(), 'rep-1'),
      '{ companies(first: 5) { edges { node { id } } } }',
    );
    assert.equal(answer.status, 400);
    assert.deepEqual(
      [answer.body.errors?.[0]?.extensions?.['code'], answer.body.errors?.[0]?.extensions?.['limit']],
      ['QUERY_TOO_COMPLEX', 'user-points'],
    );
  });

  it('charges a list by the entries the response holds, and nothing for what a null nulled (our executor, from its merged answers or its JSON)', async () => {
    const roomy = await startGateway(dir, subgraph, {
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUOTA_USER_POINTS: '100000',
    });
    const companies = (names: readonly (string | null)[]) => ({
      body: { data: { companies: { edges: names.map((legalName, i) => ({ node: { id: `c-${i}`, legalName } })) } } },
    });
    const listQuery = 'query Companies { companies(first: 10) { edges { node { id legalName } } } }';
    try {
      const rep = await token(randomUUID(), 'rep-1');
      const costOf = async (names: readonly (string | null)[]) => {
        subgraph.answerWith(() => companies(names));
        const answer = await postTo(roomy.url, rep, listQuery);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const cost = answer.body.extensions?.cost?.actualQueryCost;
        assert.equal(typeof cost, 'number');
        return Number(cost);
      };
      const three = await costOf(['A Ltda', 'B Ltda', 'C Ltda']);
      const two = await costOf(['A Ltda', 'B Ltda']);
      assert.ok(three > two, `${three} > ${two}`);
      assert.equal(three - two, two - (await costOf(['A Ltda'])), 'each entry costs the same');
      // A null in a non-null position nulls up to the root: the response holds nothing to charge.
      assert.equal(await costOf(['A Ltda', null, 'C Ltda']), 0);
    } finally {
      subgraph.answerWith(() => ({ body: { data: { company } } }));
      await roomy.stop();
    }
  });
});

describe('quotas when Redis goes down (a throwaway redis-server of our own)', () => {
  let dir: string;
  let issuer: DevIssuer;
  let subgraph: RecordingSubgraph;
  let redis: ThrowawayRedis;
  let open: GatewayApp;
  let closed: GatewayApp;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quota-outage-'));
    issuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company } } }));
    redis = await startThrowawayRedis();
    open = await startGateway(dir, subgraph, { REDIS_URL: redis.url, QUOTA_REDIS_FAILURE: 'open' });
    closed = await startGateway(dir, subgraph, { REDIS_URL: redis.url, QUOTA_REDIS_FAILURE: 'closed' });
  });

  beforeEach(() => {
    subgraph.received.length = 0;
  });

  after(async () => {
    await open?.stop();
    await closed?.stop();
    await redis?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('meters while Redis answers; stopped, fail-open admits unmetered (counted) and fail-closed answers 503; restarted, meters again', async () => {
    const rep = await issuer.issue({ tenant: randomUUID(), roles: ['SALES_REP'], sub: 'rep-1' });
    const metered = await post(open.url, rep);
    assert.equal(metered.status, 200);
    assert.equal((metered.body.extensions?.cost?.throttleStatus as { name: string }).name, 'user-points');

    await redis.stop();

    const unmetered = await post(open.url, rep);
    assert.equal(unmetered.status, 200);
    assert.deepEqual(unmetered.body.data, { company });
    assert.equal(unmetered.body.extensions?.cost?.throttleStatus, null);
    assert.equal(unmetered.headers.get('ratelimit'), null);
    assert.match(await open.metrics.registry.metrics(), /salesgraph_gateway_quota_store_failures_total [1-9]/);

    const before = subgraph.received.length;
    const refused = await post(closed.url, rep);
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.body.errors?.[0]?.extensions?.['code'], 'INTERNAL_SERVER_ERROR');
    assert.equal(subgraph.received.length, before);

    // Redis back on the same port: the client reconnects by itself and requests are metered again.
    redis = await startThrowawayRedis(redis.port);
    await waitFor(async () => (await post(open.url, rep)).body.extensions?.cost?.throttleStatus, {
      description: 'metering to resume',
    });
    await waitFor(async () => (await post(closed.url, rep)).status === 200, {
      description: 'fail-closed to serve again',
    });
  });
});
