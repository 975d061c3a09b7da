#!/usr/bin/env node
// Regenerates each subgraph's schema.graphql from its compiled code, then composes
// supergraph.graphql with the federation composition library (no network, no rover), and
// derives the public contract from it: public-schema.graphql, the API schema of the
// `@tag(name: "public")` part that /public/graphql serves (packages/public-contract).
// --check: writes nothing and exits 1 when a committed file differs from what the code gives.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import YAML from 'yaml';
import {
  ContractError,
  printApiSchema,
  publicContractSupergraph,
  supergraphForApolloGateway,
} from '../packages/public-contract/dist/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const config = YAML.parse(readFileSync(join(root, 'supergraph.yaml'), 'utf8'));
const stale = [];

function sync(path, content) {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (current === content) return;
  if (check) stale.push(path.slice(root.length + 1));
  else writeFileSync(path, content);
}

const services = Object.entries(config.subgraphs).map(([name, subgraph]) => {
  const folder = join(root, 'subgraphs', name);
  // Each subgraph prints its SDL in its own process (type-graphql metadata is per process).
  const sdl = execFileSync(process.execPath, [join(folder, 'dist', 'print-schema.js')], { encoding: 'utf8' });
  sync(join(root, subgraph.schema.file), sdl.endsWith('\n') ? sdl : `${sdl}\n`);
  return { name, url: subgraph.routing_url, typeDefs: parse(sdl) };
});

const result = composeServices(services);
if (result.errors?.length) {
  for (const error of result.errors) console.error(`compose: ${error.message}`);
  process.exit(1);
}
sync(join(root, 'supergraph.graphql'), `${result.supergraphSdl}\n`);

try {
  const contract = supergraphForApolloGateway(publicContractSupergraph(result.supergraphSdl));
  sync(join(root, 'public-schema.graphql'), printApiSchema(contract));
} catch (error) {
  if (!(error instanceof ContractError)) throw error;
  console.error(`compose: ${error.message}`);
  process.exit(1);
}

if (stale.length) {
  console.error(`compose: out of date (run \`npm run compose\` and commit): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(`compose: ${check ? 'up to date' : 'written'} (${services.map((s) => s.name).join(', ')})`);
