import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { waitFor } from '@salesgraph/testkit';
import { graphqlWsNext, rawSocketOf } from './graphql-ws-next.js';
import { PreparedMessage } from './subscriber-outbox.js';

describe('graphql-ws next frames written below ws', () => {
  let server: Server;
  let serverSocket: WebSocket;
  let client: WebSocket;
  const received: string[] = [];

  before(async () => {
    server = createServer();
    const wss = new WebSocketServer({ server });
    const connected = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    client.on('message', (data, isBinary) => received.push(isBinary ? 'binary!' : String(data)));
    serverSocket = await connected;
  });

  after(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends exactly what graphql-ws would, one message per frame, for every length class and for several messages in one write', async () => {
    const payloads = [
      { data: { n: 1 } },
      { data: { title: 'Plano coletivo — ação' } },
      { data: { big: 'é'.repeat(200) } },
      { data: { huge: 'x'.repeat(70_000) } },
    ];
    const messages = payloads.map(
      (payload) => PreparedMessage.of(JSON.stringify(payload)) as PreparedMessage & { text: string },
    );
    const send = graphqlWsNext(serverSocket, 'op "1"', 1024 * 1024, () => assert.fail('not slow'));
    send([messages[0]!]);
    send(messages.slice(1));
    serverSocket.send('{"id":"op \\"1\\"","type":"complete"}'); // ws's own frames keep their place after ours
    await waitFor(() => received.length === 5, { description: 'five messages' });
    assert.deepEqual(
      received.slice(0, 4).map((text) => JSON.parse(text) as unknown),
      payloads.map((payload) => ({ id: 'op "1"', type: 'next', payload })),
    );
    assert.deepEqual(
      received.slice(0, 4),
      payloads.map((payload) => JSON.stringify({ id: 'op "1"', type: 'next', payload })),
    );
    assert.equal(received[4], '{"id":"op \\"1\\"","type":"complete"}');
  });

  it('writes below ws only on the ws release it was written for, with a real TCP socket under it', () => {
    assert.ok(rawSocketOf(serverSocket), 'the installed ws 8 socket has its TCP socket');
    assert.equal(rawSocketOf(serverSocket, '9.0.0'), null, 'another ws major falls back');
    const renamed = Object.create(serverSocket, { _socket: { value: { write: () => true } } }) as WebSocket;
    assert.equal(rawSocketOf(renamed), null, 'a _socket that is not a net.Socket falls back');
  });

  it('sends the same messages through ws when the fast path is not available', async () => {
    const before = received.length;
    const messages = [{ data: { n: 2 } }, { data: { n: 3 } }].map(
      (payload) => PreparedMessage.of(JSON.stringify(payload)) as PreparedMessage & { text: string },
    );
    const send = graphqlWsNext(serverSocket, 'op 2', 1024 * 1024, () => assert.fail('not slow'), null);
    send(messages);
    await waitFor(() => received.length === before + 2, { description: 'two messages' });
    assert.deepEqual(
      received.slice(before).map((text) => JSON.parse(text) as unknown),
      [
        { id: 'op 2', type: 'next', payload: { data: { n: 2 } } },
        { id: 'op 2', type: 'next', payload: { data: { n: 3 } } },
      ],
    );
  });
});
