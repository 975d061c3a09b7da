import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema } from './schema.js';

process.stdout.write(printSubgraphSchema(await buildSchema()));
