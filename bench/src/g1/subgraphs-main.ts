import { buildG1Schema, g1SubgraphNames } from './schemas.js';
import { serveSubgraphs } from '../subgraph-server.js';

/** The benchmark's four subgraphs in one process: POST /accounts, /inventory, /products, /reviews. */
const port = Number(process.argv[2] ?? '4200');
const server = serveSubgraphs(new Map(g1SubgraphNames.map((name) => [`/${name}`, buildG1Schema(name)])));
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
