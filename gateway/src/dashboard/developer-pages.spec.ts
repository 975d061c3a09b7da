import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createLogger } from '@salesgraph/logging';
import { createHttpServer, listen } from '@salesgraph/http';
import { developerPageRoutes } from './developer-pages.js';

describe('the developer pages on the gateway server', () => {
  let server: Server;
  let base: string;
  const passedOn: string[] = [];

  before(async () => {
    server = createHttpServer({
      routes: [
        ...developerPageRoutes({ token: 'header.payload.signature</script>', logger: createLogger('test', 'silent') }),
        {
          path: '/*',
          handle: (req, res) => {
            passedOn.push(`${req.method} ${req.url} ${req.headers.accept ?? ''}`);
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"data":{}}');
          },
        },
      ],
    });
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves GraphiQL at /graphql to a browser, with the token in an inert JSON block and a strict CSP', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await response.text();
    assert.match(html, /<script src="\/developer\/vendor\/graphiql\.min\.js"/);
    // The token cannot end the script element it sits in.
    assert.ok(html.includes('"token":"header.payload.signature\\u003c/script>"'));
    assert.ok(!html.includes('https://'), 'no CDN');
  });

  it('passes every other request, GraphQL over HTTP included, on to the gateway unchanged', async () => {
    passedOn.length = 0;
    await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"query":"{__typename}"}',
    });
    await fetch(`${base}/graphql?query=%7B__typename%7D`, { headers: { accept: 'application/graphql-response+json' } });
    await fetch(`${base}/healthz`);
    assert.deepEqual(
      passedOn.map((line) => line.split(' ').slice(0, 2).join(' ')),
      ['POST /graphql', 'GET /graphql?query=%7B__typename%7D', 'GET /healthz'],
    );
  });

  it('serves the dashboard and its module, and the vendor files from the npm packages, gzipped when asked', async () => {
    const page = await fetch(`${base}/dashboard`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="\/developer\/app\/dashboard\.js" type="module">/);
    for (const path of [
      '/developer/app/dashboard.js',
      '/developer/app/session.js',
      '/developer/app/dashboard.css',
      '/developer/graphql-ws/client.js',
      '/developer/vendor/react.production.min.js',
      '/developer/vendor/react-dom.production.min.js',
      '/developer/vendor/graphql-ws.min.js',
      '/developer/vendor/graphiql.min.css',
    ]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 200, path);
      assert.ok((await response.arrayBuffer()).byteLength > 100, path);
    }
    // fetch would decompress: read the bytes as sent.
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer; etag: string | undefined }>(
      (resolve, reject) => {
        get(`${base}/developer/vendor/graphiql.min.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks), etag: res.headers.etag }),
          );
        }).on('error', reject);
      },
    );
    assert.equal(raw.encoding, 'gzip');
    const unzipped = gunzipSync(raw.body);
    assert.ok(raw.body.length < unzipped.length / 2, `gzipped ${raw.body.length} of ${unzipped.length} bytes`);
    const revalidated = await fetch(`${base}/developer/vendor/graphiql.min.js`, {
      headers: { 'if-none-match': raw.etag! },
    });
    assert.equal(revalidated.status, 304);
  });

  it('answers 404 for anything under /developer that is not one of its files', async () => {
    for (const path of [
      '/developer/app/..%2F..%2F..%2Fpackage.json',
      '/developer/graphql-ws/..%2Fpackage.json',
      '/developer/vendor/unknown.js',
      '/developer/app/x/y.js',
      '/developer/other/a.js',
    ]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 404, path);
    }
  });
});
