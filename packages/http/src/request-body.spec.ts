import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeHttpServer, createHttpServer, healthRoutes, listen, send } from './http-server.js';
import { BodyTooLarge, handlerRoutes, readBody } from './request-body.js';

describe('plain HTTP handlers in the route table', () => {
  let url: string;
  const server = createHttpServer({
    routes: [
      ...handlerRoutes(
        {
          '/webhooks/echo': async (req, res, limit) => {
            try {
              const body = await readBody(req, limit);
              send(res, 200, JSON.stringify({ method: req.method, body, limit }));
            } catch (error) {
              if (!(error instanceof BodyTooLarge)) throw error;
              res.setHeader('connection', 'close');
              send(res, 413, '{"error":"too large"}');
            }
          },
        },
        16,
      ),
      ...healthRoutes(() => Promise.resolve(true)),
    ],
  });

  before(async () => {
    url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });
  after(() => closeHttpServer(server));

  it('routes its exact path to the handler, with the body limit, and leaves the other routes alone', async () => {
    const answer = await fetch(`${url}/webhooks/echo?x=1`, { method: 'POST', body: 'olá' });
    assert.deepEqual(await answer.json(), { method: 'POST', body: 'olá', limit: 16 });
    assert.equal((await fetch(`${url}/webhooks/echo`, { method: 'POST', body: 'x'.repeat(17) })).status, 413);
    assert.equal((await fetch(`${url}/webhooks/echo/more`)).status, 404);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });
});
