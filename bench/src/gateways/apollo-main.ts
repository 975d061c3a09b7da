import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/**
 * Stock Apollo Gateway + Apollo Server, default settings: the supergraph file, the standalone
 * HTTP server, nothing else configured. argv: <supergraph path> <port>.
 */
const [supergraphPath, port] = process.argv.slice(2);
if (!supergraphPath || !port) throw new Error('usage: apollo-main <supergraph path> <port>');
const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') }) });
const { url } = await startStandaloneServer(server, { listen: { port: Number(port), host: '127.0.0.1' } });
process.stdout.write(`apollo gateway at ${url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
