import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer } from '@salesgraph/auth';
import type { GatewayApp } from '../app.js';
import { startInProcessGateway } from '../testing/in-process-gateway.js';
import { startRecordingSubgraph, type RecordingSubgraph } from '../testing/recording-subgraph.js';

/** Every user's bucket in this test: 100 points restoring 1/s. */
const QUOTA = 100;
/** The other tenant's steady load stays within its own user's quota. */
const STEADY = 90;

/** Sends `count` requests, `concurrency` at a time; status and latency of each. */
async function load(url: string, token: string, count: number, concurrency: number) {
  const results: { status: number; ms: number }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ company(id: "c-1") { id legalName } }' }),
      });
      await response.arrayBuffer();
      results.push({ status: response.status, ms: performance.now() - started });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

describe('fairness: one caller flooding its quota does not hurt another tenant', () => {
  let dir: string;
  let subgraph: RecordingSubgraph;
  let app: GatewayApp;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quota-fairness-'));
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company: { id: 'c-1', legalName: 'Padaria' } } } }));
    app = await startInProcessGateway(dir, {
      SUBGRAPH_URLS: `accounts=${subgraph.url}`,
      QUOTAS_ENABLED: 'true',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUOTA_USER_POINTS: String(QUOTA),
      QUOTA_USER_RESTORE_PER_SECOND: '1',
      QUOTA_REDIS_TIMEOUT_MS: '5000',
      GATEWAY_SHARE_OPERATIONS: 'false',
      GATEWAY_SHARE_SUBGRAPH_REQUESTS: 'false',
    });
  });

  after(async () => {
    await app?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the other tenant's steady load without an error while the flood is refused", async () => {
    const issuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    const flooder = await issuer.issue({ tenant: randomUUID(), roles: ['SALES_REP'], sub: 'flooder' });
    const steady = await issuer.issue({ tenant: randomUUID(), roles: ['SALES_REP'], sub: 'steady' });
    // The flood: 10x the quota, 8 at a time; the other tenant meanwhile: 90 requests, one at a time.
    const [flood, other] = await Promise.all([load(app.url, flooder, 10 * QUOTA, 8), load(app.url, steady, STEADY, 1)]);
    const errors = other.filter((result) => result.status !== 200).length;
    const refused = flood.filter((result) => result.status === 429).length;
    console.log(
      `flood: ${flood.length} requests, ${refused} refused (429), ${flood.length - refused} admitted; ` +
        `other tenant: ${other.length} requests, p50 ${percentile(
          other.map((r) => r.ms),
          50,
        ).toFixed(1)} ms, ` +
        `p99 ${percentile(
          other.map((r) => r.ms),
          99,
        ).toFixed(1)} ms, errors ${errors}`,
    );
    assert.equal(errors, 0);
    assert.ok(refused > 0, 'the flood was refused beyond its quota');
    assert.ok(flood.length - refused >= QUOTA, 'the flooder still got its quota');
  });
});
