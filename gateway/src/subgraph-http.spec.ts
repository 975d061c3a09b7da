import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { postToSubgraph, subgraphEndpoint, type SubgraphEndpoint } from './subgraph-http.js';

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('postToSubgraph', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  let connections = 0;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        if (req.url === '/chunked') {
          res.writeHead(200, { 'content-type': 'application/graphql-response+json' });
          // A body in several chunks, one multi-byte character split between two of them.
          const bytes = Buffer.from('{"data":{"name":"Zoë ✓"}}', 'utf8');
          res.write(bytes.subarray(0, 20));
          setImmediate(() => res.end(bytes.subarray(20)));
          return;
        }
        if (req.url === '/repeated') {
          res.setHeader('cache-control', ['max-age=30', 'private']);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"data":{}}');
          return;
        }
        if (req.url === '/silent') return; // never answers: the caller's timeout ends the exchange
        if (req.url === '/refused') {
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end('down');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public' });
        res.end('{"data":{"ok":true}}');
      });
    });
    server.on('connection', () => connections++);
    server.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const endpoint = (path: string): SubgraphEndpoint => subgraphEndpoint(`${base}${path}`)!;

  it('POSTs the body with exactly the given headers, and answers status, content type, Cache-Control and the body', async () => {
    seen.length = 0;
    const answer = await postToSubgraph(
      endpoint('/graphql?x=1'),
      { 'content-type': 'application/json', 'x-salesgraph-identity': 'signed' },
      '{"query":"{ok}"}',
    );
    assert.deepEqual(answer, {
      status: 200,
      contentType: 'application/json',
      cacheControl: 'max-age=30, public',
      body: '{"data":{"ok":true}}',
    });
    const [request] = seen;
    assert.equal(request?.url, '/graphql?x=1');
    assert.equal(request?.body, '{"query":"{ok}"}');
    assert.deepEqual(Object.keys(request?.headers ?? {}).sort(), [
      'connection',
      'content-length',
      'content-type',
      'host',
      'x-salesgraph-identity',
    ]);
    assert.equal(request?.headers['x-salesgraph-identity'], 'signed');
  });

  it('reads a body sent in several chunks whole, multi-byte characters intact', async () => {
    const answer = await postToSubgraph(endpoint('/chunked'), { 'content-type': 'application/json' }, '{}');
    assert.equal(answer.contentType, 'application/graphql-response+json');
    assert.equal(answer.cacheControl, null);
    assert.deepEqual(JSON.parse(answer.body), { data: { name: 'Zoë ✓' } });
  });

  it('joins a repeated Cache-Control header as fetch did', async () => {
    assert.equal((await postToSubgraph(endpoint('/repeated'), {}, '{}')).cacheControl, 'max-age=30, private');
  });

  it('answers a non-2xx as it came (the data source refuses it)', async () => {
    assert.deepEqual(await postToSubgraph(endpoint('/refused'), {}, '{}'), {
      status: 503,
      contentType: 'text/plain',
      cacheControl: null,
      body: 'down',
    });
  });

  it('keeps connections alive between requests', async () => {
    seen.length = 0;
    const before = connections;
    for (let i = 0; i < 5; i++) await postToSubgraph(endpoint('/graphql'), {}, '{}');
    assert.equal(seen.length, 5);
    assert.ok(connections - before <= 1, `${connections - before} connections for 5 requests one after another`);
  });

  it('rejects a subgraph that does not answer within the timeout given', async () => {
    await assert.rejects(postToSubgraph(endpoint('/silent'), {}, '{}', 50), { code: 'UND_ERR_HEADERS_TIMEOUT' });
  });

  it('rejects when the subgraph cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const port = typeof address === 'object' && address ? address.port : 0;
    await assert.rejects(
      postToSubgraph(subgraphEndpoint(`http://127.0.0.1:${port}/graphql`)!, {}, '{}'),
      /ECONNREFUSED/,
    );
  });
});

describe('subgraphEndpoint', () => {
  it('parses http(s) routing URLs once; anything else has no endpoint', () => {
    assert.deepEqual(subgraphEndpoint('https://[::1]:8443/a/graphql?v=2'), {
      origin: 'https://[::1]:8443',
      path: '/a/graphql?v=2',
    });
    assert.deepEqual(subgraphEndpoint('http://accounts:4001/graphql'), {
      origin: 'http://accounts:4001',
      path: '/graphql',
    });
    assert.equal(subgraphEndpoint(''), undefined);
    assert.equal(subgraphEndpoint('ftp://accounts/graphql'), undefined);
  });
});
