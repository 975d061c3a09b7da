import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer, type DevIssuer } from '@salesgraph/auth';
import type { GatewayApp } from './app.js';
import { startInProcessGateway } from './testing/in-process-gateway.js';
import { startRecordingSubgraph, type RecordingSubgraph } from './testing/recording-subgraph.js';

const crm = 'https://crm.salesgraph.example';
const partner = 'https://partner.example';
const query = '{ company(id: "c-1") { id legalName } }';

describe('CORS: an allow-list of browser origins per endpoint and per client', () => {
  let dir: string;
  let issuer: DevIssuer;
  let subgraph: RecordingSubgraph;
  let app: GatewayApp;
  let publicUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cors-int-'));
    issuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company: { id: 'c-1', legalName: 'Padaria' } } } }));
    app = await startInProcessGateway(dir, {
      SUBGRAPH_URLS: `accounts=${subgraph.url}`,
      CORS_ALLOWED_ORIGINS: crm,
      CORS_CLIENT_ORIGINS: JSON.stringify({ 'partner-app': [partner] }),
    });
    publicUrl = app.url.replace('/graphql', '/public/graphql');
  });

  after(async () => {
    await app?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
  const post = async (url: string, token: string, origin?: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(origin ? { origin } : {}),
      },
      body: JSON.stringify({ query }),
    });

  it('answers the preflight of an allowed origin, and refuses any other', async () => {
    const allowed = await preflight(app.url, crm);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), crm);
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.equal((await preflight(app.url, 'https://evil.example')).status, 403);
    assert.equal((await preflight(app.url, partner)).status, 403, "a client's origin is not an internal app's");
    assert.equal((await preflight(publicUrl, partner)).status, 204);
  });

  it('serves an allowed origin with its CORS headers, refuses another before any subgraph, and leaves non-browser calls alone', async () => {
    const rep = await issuer.issue({ tenant: 'acme', roles: ['SALES_REP'], sub: 'rep-1' });
    const allowed = await post(app.url, rep, crm);
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), crm);
    assert.match(allowed.headers.get('access-control-expose-headers') ?? '', /ratelimit/);
    const before = subgraph.received.length;
    const refused = await post(app.url, rep, 'https://evil.example');
    assert.equal(refused.status, 403);
    assert.equal(
      ((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      'FORBIDDEN',
    );
    assert.equal(subgraph.received.length, before);
    assert.equal((await post(app.url, rep)).status, 200, 'no Origin: not a browser');
    const sameOrigin = new URL(app.url).origin;
    assert.equal((await post(app.url, rep, sameOrigin)).status, 200, "the gateway's own pages");
  });

  it('allows a public client only its own origins', async () => {
    const partnerToken = await issuer.issue({
      tenant: 'acme',
      roles: [],
      sub: 'partner-app',
      scopes: ['companies:read'],
    });
    const otherToken = await issuer.issue({ tenant: 'acme', roles: [], sub: 'other-app', scopes: ['companies:read'] });
    assert.equal((await post(publicUrl, partnerToken, partner)).status, 200);
    const refused = await post(publicUrl, otherToken, partner);
    assert.equal(refused.status, 403);
  });
});
