import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer } from '@salesgraph/auth';
import { startGatewayProcess, routeSubgraphs, type GatewayProcess } from '../testing/gateway-process.js';
import { startRecordingSubgraph, type RecordingSubgraph } from '../testing/recording-subgraph.js';

const QUOTA = 20;

describe('two gateway processes share one bucket in Redis', () => {
  let dir: string;
  let subgraph: RecordingSubgraph;
  let gateways: GatewayProcess[] = [];
  let token: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quota-shared-'));
    const issuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    token = await issuer.issue({ tenant: randomUUID(), roles: ['SALES_REP'], sub: 'rep-1' });
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company: { id: 'c-1', legalName: 'Padaria' } } } }));
    const env = {
      NODE_ENV: 'test',
      DEV_ISSUER_KEY_FILE: join(dir, 'key.json'),
      SUBGRAPH_URLS: routeSubgraphs(subgraph.url),
      SUPERGRAPH_POLL_MS: '0',
      QUOTAS_ENABLED: 'true',
      REDIS_URL: 'redis://127.0.0.1:6379',
      // 20 points, one restored every 1,000 s: the sum admitted over both stays within 20.
      QUOTA_USER_POINTS: String(QUOTA),
      QUOTA_USER_RESTORE_PER_SECOND: '0.001',
      GATEWAY_SHARE_OPERATIONS: 'false',
      GATEWAY_SHARE_SUBGRAPH_REQUESTS: 'false',
      // A slow answer on this busy machine must not admit unmetered (fail-open) nor be mistaken for an outage.
      QUOTA_REDIS_FAILURE: 'closed',
      QUOTA_REDIS_TIMEOUT_MS: '5000',
    };
    gateways = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  });

  after(async () => {
    await Promise.all(gateways.map((gateway) => gateway.service.stop()));
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits at most the quota over both, each request costing 1, whichever process it reaches', async () => {
    const ask = (gateway: GatewayProcess) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ company(id: "c-1") { id legalName } }' }),
      }).then((response) => response.status);
    // 60 requests at once, alternating between the two processes: three times the quota.
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, index) => ask(gateways[index % 2]!)));
    const admittedBy = gateways.map(
      (_, which) => statuses.filter((status, index) => index % 2 === which && status === 200).length,
    );
    const admitted = admittedBy[0]! + admittedBy[1]!;
    console.log(`admitted per process: ${admittedBy.join(' + ')} = ${admitted} of ${statuses.length}, quota ${QUOTA}`);
    assert.equal(admitted, QUOTA);
    const histogram = JSON.stringify(
      Object.fromEntries([...new Set(statuses)].map((status) => [status, statuses.filter((s) => s === status).length])),
    );
    assert.equal(statuses.filter((status) => status === 429).length, 60 - QUOTA, histogram);
    assert.ok(
      admittedBy.every((count) => count > 0),
      'both processes admitted some',
    );
    assert.equal(subgraph.received.length, admitted, `only admitted requests reached the subgraph (${histogram})`);
  });
});
