import { readFileSync } from 'node:fs';

// The one change from defaults: no anonymous usage metrics to Apollo and no cloud-metadata
// probes (this machine may only talk to 127.0.0.1); set before the gateway is constructed.
process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';

import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { supergraphForApolloGateway } from '@salesgraph/public-contract';

interface ForwardingContext {
  readonly forwarded?: string;
}

/**
 * Stock Apollo Gateway + Apollo Server, default settings: the supergraph file, the standalone
 * HTTP server, nothing else configured. argv: <supergraph path> <port> [header to forward].
 * With a header name (G2 only), that one request header is copied to every subgraph request
 * (the documented RemoteGraphQLDataSource.willSendRequest way) — the Salesgraph subgraphs
 * refuse requests without the gateway's signed identity header.
 */
const [supergraphPath, port, forwardHeader] = process.argv.slice(2);
if (!supergraphPath || !port) throw new Error('usage: apollo-main <supergraph path> <port> [header to forward]');
// Stock Apollo Gateway refuses the `for: SECURITY` links of @requiresScopes/@authenticated
// (only Apollo Router enforces them); the purpose is dropped, as our gateway does.
const supergraphSdl = supergraphForApolloGateway(readFileSync(supergraphPath, 'utf8'));
const gateway = forwardHeader
  ? new ApolloGateway({
      supergraphSdl,
      buildService: ({ url }) =>
        new (class extends RemoteGraphQLDataSource<ForwardingContext> {
          override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<ForwardingContext>) {
            if (context.forwarded) request.http?.headers.set(forwardHeader, context.forwarded);
          }
        })({ url }),
    })
  : new ApolloGateway({ supergraphSdl });
const server = new ApolloServer<ForwardingContext>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(port), host: '127.0.0.1' },
  context: async ({ req }) => {
    const value = forwardHeader ? req.headers[forwardHeader] : undefined;
    return typeof value === 'string' ? { forwarded: value } : {};
  },
});
process.stdout.write(`apollo gateway at ${url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
