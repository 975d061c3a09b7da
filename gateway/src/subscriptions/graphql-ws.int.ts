import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { collect, rawSocket, wsClient, type RawSocket } from './testing/clients.js';
import { startSubscriptionHarness, type SubscriptionHarness } from './testing/subscription-harness.js';

const dealChanged = 'subscription { dealChanged { cursor eventType deal { id title } } }';

describe('graphql-ws on the gateway (real Kafka, the gateway in process, a deals stub subgraph)', () => {
  let harness: SubscriptionHarness;
  let tenant: string;
  let token: string;

  /** A raw socket that completed connection_init as a manager of `tenant`. */
  const acknowledged = async (): Promise<RawSocket> => {
    const raw = await rawSocket(harness.wsUrl);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await raw.next('connection_ack');
    return raw;
  };

  before(async () => {
    harness = await startSubscriptionHarness({
      SUBSCRIPTIONS_MAX_PER_CONNECTION: '3',
      SUBSCRIPTIONS_QUEUE_MAX: '4',
      SUBSCRIPTIONS_SEND_BUFFER_MAX_BYTES: String(512 * 1024),
      SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS: '500',
    });
    await harness.warmUp();
    tenant = uniqueName('acme');
    token = await harness.token({ tenant, roles: ['SALES_MANAGER'] });
  });

  after(async () => {
    await harness?.stop();
  });

  it('is ready only with the subscription consumer connected, and /readyz says so', async () => {
    assert.equal(await harness.app.readiness(), true);
    assert.equal((await fetch(harness.httpUrl.replace('/graphql', '/readyz'))).status, 200);
  });

  it('closes a connection_init with a bad token with 4403, and one without a token too', async () => {
    const forged = await rawSocket(harness.wsUrl);
    forged.send({ type: 'connection_init', payload: { authorization: `Bearer ${token.slice(0, -4)}AAAA` } });
    assert.equal((await forged.closed).code, 4403);
    const anonymous = await rawSocket(harness.wsUrl);
    anonymous.send({ type: 'connection_init', payload: {} });
    assert.equal((await anonymous.closed).code, 4403);
    assert.equal(forged.received.length + anonymous.received.length, 0, 'no connection_ack was sent');
  });

  it('refuses the real graphql-ws client with a bad token (4403) before any subscription starts', async () => {
    const closed: { code: number; reason: string }[] = [];
    const client = wsClient(harness.wsUrl, 'not-a-token', { onClosed: (event) => closed.push(event) });
    const seen = collect(client, dealChanged);
    await waitFor(() => seen.errors.length > 0, { description: 'the subscription to fail' });
    assert.equal(closed[0]?.code, 4403);
    assert.deepEqual(seen.messages, []);
    await client.dispose();
  });

  it('closes a socket that subscribes before connection_ack with 4401', async () => {
    const raw = await rawSocket(harness.wsUrl);
    raw.send({ id: '1', type: 'subscribe', payload: { query: dealChanged } });
    assert.equal((await raw.closed).code, 4401);
  });

  it('closes a socket that never sends connection_init with 4408', async () => {
    const raw = await rawSocket(harness.wsUrl);
    assert.equal((await raw.closed).code, 4408);
  });

  it('closes a socket that reuses an operation id still running with 4409', async () => {
    const raw = await acknowledged();
    raw.send({ id: 'same', type: 'subscribe', payload: { query: dealChanged } });
    raw.send({ id: 'same', type: 'subscribe', payload: { query: dealChanged } });
    const closed = await raw.closed;
    assert.equal(closed.code, 4409);
    assert.match(closed.reason, /same/);
  });

  it('answers a protocol ping with a pong carrying its payload', async () => {
    const raw = await acknowledged();
    raw.send({ type: 'ping', payload: { at: 'now' } });
    assert.deepEqual(await raw.next('pong'), { type: 'pong', payload: { at: 'now' } });
    raw.socket.close();
  });

  it('caps operations per connection: one more is refused with RATE_LIMITED and the connection stays usable', async () => {
    const raw = await acknowledged();
    await harness.subscribing(3, () =>
      ['a', 'b', 'c', 'd'].forEach((id) => raw.send({ id, type: 'subscribe', payload: { query: dealChanged } })),
    );
    const refused = await raw.next('error');
    assert.equal(refused['id'], 'd');
    assert.equal(refused['payload'][0].extensions.code, 'RATE_LIMITED');
    await harness.subscribing(1, () => {
      raw.send({ id: 'a', type: 'complete' });
      raw.send({ id: 'e', type: 'subscribe', payload: { query: dealChanged } });
    });
    const deal = { id: randomUUID(), tenant, ownerId: 'rep-1', title: 'After the cap', stage: 'LEAD' };
    await harness.dealEvent('deal.created', deal);
    await waitFor(
      () =>
        ['b', 'c', 'e'].every((id) =>
          raw.received.some((message) => message['type'] === 'next' && message['id'] === id),
        ),
      {
        description: 'the three running subscriptions to get the event',
      },
    );
    assert.equal(raw.received.filter((message) => message['type'] === 'next' && message['id'] === 'a').length, 0);
    assert.equal(raw.socket.readyState, raw.socket.OPEN);
    raw.socket.close();
  });

  it('reports an invalid subscription as an error message with a stable code, without calling a subgraph', async () => {
    const before = harness.stub.queries.length;
    const raw = await acknowledged();
    raw.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { dealChanged { nope } }' } });
    raw.send({
      id: '2',
      type: 'subscribe',
      payload: { query: 'subscription { dealChanged(after: "garbage") { cursor } }' },
    });
    raw.send({
      id: '3',
      type: 'subscribe',
      payload: {
        query: `subscription { dealChanged { deal { ${Array.from({ length: 40 }, (_, i) => `a${i}: title`).join(' ')} } } }`,
      },
    });
    await waitFor(() => raw.received.filter((message) => message['type'] === 'error').length === 3, {
      description: 'three errors',
    });
    const codes = Object.fromEntries(
      raw.received
        .filter((message) => message['type'] === 'error')
        .map((message) => [message['id'], message['payload'][0].extensions.code]),
    );
    assert.deepEqual(codes, { 1: 'GRAPHQL_VALIDATION_FAILED', 2: 'BAD_USER_INPUT', 3: 'QUERY_TOO_COMPLEX' });
    assert.equal(harness.stub.queries.length, before);
    raw.socket.close();
  });

  it("runs queries sent over the socket through the normal federated path as the connection's caller", async () => {
    const deal = { id: randomUUID(), tenant, ownerId: 'rep-1', title: 'Queried over ws', stage: 'LEAD' };
    harness.stub.deals.set(deal.id, deal);
    const client = wsClient(harness.wsUrl, token);
    const result = await new Promise<unknown>((resolve, reject) => {
      client.subscribe(
        { query: 'query($id: ID!) { deal(id: $id) { title } }', variables: { id: deal.id } },
        { next: resolve, error: reject, complete: () => undefined },
      );
    });
    assert.deepEqual(result, { data: { deal: { title: 'Queried over ws' } } });
    await client.dispose();
  });

  it('closes the connection with 4403 "Token expired" when the token it was opened with expires', async () => {
    const shortLived = await harness.token({ tenant, roles: ['SALES_MANAGER'], ttlSeconds: 2 });
    const raw = await rawSocket(harness.wsUrl);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${shortLived}` } });
    await raw.next('connection_ack');
    raw.send({ id: '1', type: 'subscribe', payload: { query: dealChanged } });
    const closed = await raw.closed;
    assert.deepEqual(closed, { code: 4403, reason: 'Token expired' });
  });

  it('drops a client that stops reading with 4503 "Slow consumer" instead of queueing without bound', async () => {
    const deal = { id: randomUUID(), tenant, ownerId: 'rep-1', title: 'x'.repeat(256 * 1024), stage: 'LEAD' };
    const raw = await acknowledged();
    await harness.subscribing(1, () => raw.send({ id: 'slow', type: 'subscribe', payload: { query: dealChanged } }));
    raw.socket.pause(); // reads nothing more: the kernel buffers fill, then the gateway's
    const drops = () => harness.metric('salesgraph_gateway_subscription_server_closes_total', 'slow_consumer');
    const before = await drops();
    await waitFor(
      async () => {
        await harness.dealEvent('deal.updated', deal);
        return (await drops()) > before;
      },
      { timeoutMs: 60_000, intervalMs: 20, description: 'the gateway to drop the slow client' },
    );
    raw.socket.resume();
    assert.deepEqual(await raw.closed, { code: 4503, reason: 'Slow consumer' });
  });

  it('closes every socket with 1012 (retryable) when the gateway shuts down, and fails readiness first', async () => {
    const closed: number[] = [];
    const client = wsClient(harness.wsUrl, token, { onClosed: (event) => closed.push(event.code) });
    const seen = collect(client, dealChanged);
    await waitFor(async () => (await harness.metric('salesgraph_gateway_subscriptions', 'dealChanged')) >= 1, {
      description: 'the subscription to run',
    });
    const stopping = harness.app.stop();
    assert.equal(await harness.app.readiness(), false);
    await stopping;
    await waitFor(() => closed.length > 0, { description: 'the client to see the close' });
    assert.equal(closed[0], 1012);
    assert.equal(seen.messages.length, 0);
    await client.dispose();
  });
});

describe('graphql-ws keep-alive (a 300 ms interval)', () => {
  let harness: SubscriptionHarness;

  before(async () => {
    harness = await startSubscriptionHarness({ SUBSCRIPTIONS_KEEPALIVE_MS: '300' });
  });

  after(async () => {
    await harness?.stop();
  });

  it('pings every keep-alive interval and drops a socket that stops answering pongs', async () => {
    const token = await harness.token({ tenant: uniqueName('acme'), roles: ['SALES_MANAGER'] });
    const answering = await rawSocket(harness.wsUrl);
    answering.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await answering.next('connection_ack');
    let pings = 0;
    answering.socket.on('ping', () => pings++);
    const silent = await rawSocket(harness.wsUrl, { autoPong: false });
    silent.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await silent.next('connection_ack');
    assert.equal((await silent.closed).code, 1006, 'terminated without a close handshake');
    await waitFor(() => pings >= 3, { description: 'three keep-alive pings' });
    assert.equal(answering.socket.readyState, answering.socket.OPEN, 'a socket answering pings stays open');
    answering.socket.close();
  });
});
