import { createServer, type Server } from 'node:http';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { IDENTITY_HEADER, isManagerOrAbove, verifyForwardedIdentity, type Identity } from '@salesgraph/auth';
import { dealsEvents, topics } from '@salesgraph/events';
import { eventSourceDirectiveSdl, eventSourceLinkSdl } from '@salesgraph/subgraph';
import { TEST_IDENTITY_SECRET, freePort } from '@salesgraph/testkit';

export interface StubDeal {
  readonly id: string;
  readonly tenant: string;
  ownerId: string;
  title: string;
  stage: string;
}

const dealEvents = Object.keys(dealsEvents.schemas).filter((type) => type.startsWith('deal.'));

/** A deals-like subgraph declaring dealChanged and pipelineChanged the way the real deals subgraph does. */
export const stubSdl = (extraSubscriptionFields = '') => `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@composeDirective"])
${eventSourceLinkSdl}
${eventSourceDirectiveSdl}
type Query {
  deal(id: ID!): Deal
  pipeline: Pipeline!
}
type Deal @key(fields: "id") {
  id: ID!
  title: String!
  stage: String!
  ownerId: String!
}
type Pipeline {
  openDeals: Int!
}
input DealChangedFilter {
  stages: [String!]
  ownerId: String
}
type DealChanged {
  cursor: String!
  eventId: ID
  eventType: String!
  occurredAt: String!
  deal: Deal
}
type PipelineChanged {
  cursor: String!
  eventId: ID
  eventType: String!
  occurredAt: String!
  pipeline: Pipeline
}
type Subscription {
  dealChanged(filter: DealChangedFilter, after: String): DealChanged!
    @eventSource(topic: "${topics.deal}", events: [${dealEvents.map((type) => `"${type}"`).join(', ')}], entityField: "deal",
      load: "deal(id: $id)", filters: ["filter.stages=deal.stage", "filter.ownerId=deal.ownerId"])
  ${extraSubscriptionFields}
}
`;

export const pipelineChangedField = `pipelineChanged(after: String): PipelineChanged!
    @eventSource(topic: "${topics.pipeline}", events: ["pipeline.summary_changed"], entityField: "pipeline", load: "pipeline", snapshot: true)`;

/** The composed supergraph of the stub alone, routed to `url`. */
export function composeStub(url: string, sdl: string): string {
  const result = composeServices([{ name: 'deals', url, typeDefs: parse(sdl) }]);
  if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl!;
}

export interface DealsStubOptions {
  /** The secret the gateway signs identities with (the tests' secret by default). */
  readonly identitySecret?: string;
  /** A free port by default. */
  readonly port?: number;
}

export interface DealsStub {
  readonly url: string;
  readonly deals: Map<string, StubDeal>;
  /** Every query received (after identity verification), in order. */
  readonly queries: string[];
  /**
   * Cuts the next `count` requests: the connection is reset before any answer, as when a
   * subgraph restarts or closes an idle keep-alive connection the gateway is reusing.
   */
  failNextRequests(count: number): void;
  stop(): Promise<void>;
}

const visible = (deal: StubDeal | undefined, identity: Identity) =>
  deal && deal.tenant === identity.tenant && (isManagerOrAbove(identity) || deal.ownerId === identity.sub)
    ? deal
    : null;

/**
 * A real HTTP subgraph (Apollo's buildSubgraphSchema over an in-memory map) that verifies the
 * gateway's signed identity like the real ones and applies the deals visibility rule (a
 * SALES_REP sees own deals). It counts what the gateway asks, so tests can count fetches.
 * The bench's S1 scenario runs it as its deals subgraph (bench/src/s1/deals-stub-main.ts).
 */
export async function startDealsStub(options: DealsStubOptions = {}): Promise<DealsStub> {
  const secret = options.identitySecret ?? TEST_IDENTITY_SECRET;
  const deals = new Map<string, StubDeal>();
  const queries: string[] = [];
  let failing = 0;
  const schema = buildSubgraphSchema({
    typeDefs: parse(stubSdl(pipelineChangedField)),
    resolvers: {
      Query: {
        deal: (_: unknown, { id }: { id: string }, { identity }: { identity: Identity }) =>
          visible(deals.get(id), identity),
        pipeline: (_: unknown, _args: unknown, { identity }: { identity: Identity }) => ({
          openDeals: [...deals.values()].filter((deal) => visible(deal, identity)).length,
        }),
      },
      Deal: {
        __resolveReference: ({ id }: { id: string }, { identity }: { identity: Identity }) =>
          visible(deals.get(id), identity),
      },
    } as never,
  });
  const port = options.port ?? (await freePort());
  const server: Server = createServer((req, res) => {
    if (failing > 0) {
      failing--;
      req.socket.resetAndDestroy();
      return;
    }
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        const identity = await verifyForwardedIdentity(req.headers[IDENTITY_HEADER] as string | undefined, secret);
        if (!identity) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"errors":[{"message":"no identity"}]}');
          return;
        }
        const body = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
        queries.push(body.query);
        const result = await graphql({
          schema,
          source: body.query,
          variableValues: body.variables,
          contextValue: { identity },
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    deals,
    queries,
    failNextRequests(count) {
      failing += count;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
