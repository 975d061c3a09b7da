import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { serveSubgraphs } from '../subgraph-server.js';
import { s1StubSdl } from './sdl.js';

/**
 * S1's deals subgraph: the real deals subgraph's subscription declarations (dealChanged,
 * pipelineChanged with @eventSource) over static data, so the gateway's subscription engine
 * is what is measured. Counts requests at GET /counts. argv: <port>.
 */
const port = Number(process.argv[2] ?? '0');
const schema = buildSubgraphSchema({
  typeDefs: parse(s1StubSdl),
  resolvers: {
    Query: {
      deal: (_: unknown, { id }: { id: string }) => ({ id, title: `Deal ${id.slice(0, 8)}`, stage: 'PROPOSAL', ownerId: 'bench' }),
      pipeline: () => ({ openDeals: 50 }),
    },
    Deal: { __resolveReference: ({ id }: { id: string }) => ({ id, title: `Deal ${id.slice(0, 8)}`, stage: 'PROPOSAL', ownerId: 'bench' }) },
  } as never,
});
const server = serveSubgraphs(new Map([['/graphql', schema]]), { memoize: false });
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
