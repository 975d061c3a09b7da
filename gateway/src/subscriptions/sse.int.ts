import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startSubscriptionHarness, type SubscriptionHarness } from './testing/subscription-harness.js';

interface EventStream {
  readonly status: number;
  readonly contentType: string | null;
  /** The raw text received so far. */
  text(): string;
  /** The `next` payloads received so far. */
  events(): Record<string, any>[];
  /** Resolves when the server ends the response. */
  readonly ended: Promise<void>;
  abort(): void;
}

/** A GraphQL-over-SSE request as a graphql-sse client in distinct-connections mode sends it. */
async function openStream(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  let text = '';
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) text += decoder.decode(chunk as Uint8Array, { stream: true });
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: () => text,
    events: () =>
      text
        .split('\n\n')
        .filter((block) => block.startsWith('event: next\n'))
        .map((block) => JSON.parse(block.slice('event: next\ndata: '.length)) as Record<string, any>),
    ended,
    abort: () => controller.abort(),
  };
}

describe('GraphQL over SSE on /graphql (graphql-sse distinct connections mode)', () => {
  let harness: SubscriptionHarness;
  let tenant: string;
  let token: string;

  before(async () => {
    harness = await startSubscriptionHarness();
    await harness.warmUp();
    tenant = uniqueName('sse');
    token = await harness.token({ tenant, roles: ['SALES_MANAGER'] });
  });

  after(async () => {
    await harness?.stop();
  });

  it('streams each event as a `next` event, loaded as the caller, and ends the subscription when the client goes away', async () => {
    const stream = await harness.subscribing(1, () =>
      openStream(harness.httpUrl, token, 'subscription { dealChanged { eventType deal { id title } } }'),
    );
    assert.equal(stream.status, 200);
    assert.match(stream.contentType ?? '', /^text\/event-stream/);
    const deal = { id: randomUUID(), tenant, ownerId: 'rep-1', title: 'Over SSE', stage: 'LEAD' };
    await harness.dealEvent('deal.created', deal);
    const [event] = await waitFor(() => (stream.events().length > 0 ? stream.events() : undefined), {
      description: 'a next event',
    });
    assert.deepEqual(event, {
      data: { dealChanged: { eventType: 'deal.created', deal: { id: deal.id, title: 'Over SSE' } } },
    });
    const active = await harness.metric('salesgraph_gateway_subscriptions', 'dealChanged');
    stream.abort();
    await waitFor(
      async () => (await harness.metric('salesgraph_gateway_subscriptions', 'dealChanged')) === active - 1,
      { description: 'the subscription to end' },
    );
  });

  it('refuses a stream without a valid token with 401, before anything is subscribed', async () => {
    const stream = await openStream(harness.httpUrl, null, 'subscription { dealChanged { eventType } }');
    assert.equal(stream.status, 401);
    await stream.ended;
    assert.equal(JSON.parse(stream.text()).errors[0].extensions.code, 'UNAUTHENTICATED');
  });

  it('answers an invalid subscription, or a query, with 400 and a stable code instead of a stream', async () => {
    const invalid = await openStream(harness.httpUrl, token, 'subscription { dealChanged { nope } }');
    const query = await openStream(harness.httpUrl, token, '{ pipeline { openDeals } }');
    await Promise.all([invalid.ended, query.ended]);
    assert.equal(invalid.status, 400);
    assert.equal(JSON.parse(invalid.text()).errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.equal(query.status, 400);
    assert.equal(JSON.parse(query.text()).errors[0].extensions.code, 'BAD_REQUEST');
  });

  it('sends the current board first on pipelineChanged', async () => {
    const stream = await openStream(
      harness.httpUrl,
      token,
      'subscription { pipelineChanged { eventType pipeline { openDeals } } }',
    );
    const [snapshot] = await waitFor(() => (stream.events().length > 0 ? stream.events() : undefined), {
      description: 'the snapshot',
    });
    assert.equal(snapshot!['data'].pipelineChanged.eventType, 'snapshot');
    stream.abort();
  });

  it('ends the stream without `complete` when the token expires', async () => {
    const shortLived = await harness.token({ tenant, roles: ['SALES_MANAGER'], ttlSeconds: 2 });
    const stream = await openStream(harness.httpUrl, shortLived, 'subscription { dealChanged { eventType } }');
    assert.equal(stream.status, 200);
    await stream.ended;
    assert.match(stream.text(), /: token_expired\n\n$/);
    assert.doesNotMatch(stream.text(), /event: complete/);
  });

  it('ends every stream when the gateway shuts down, so clients reconnect elsewhere with their cursor', async () => {
    const stream = await harness.subscribing(1, () =>
      openStream(harness.httpUrl, token, 'subscription { dealChanged { eventType } }'),
    );
    await harness.app.stop();
    await stream.ended;
    assert.match(stream.text(), /: shutdown\n\n$/);
  });
});
