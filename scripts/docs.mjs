#!/usr/bin/env node
// `npm run docs`: the reference of the public API (packages/public-contract/src/docs.ts) from
// the composed supergraph, with the example client's operations as examples, written to
// public-docs/index.html. The gateway serves the same page at /public/docs from the contract
// it serves. Needs a build (npm run build).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicDocsFromSupergraph, readDocsExamples } from '../packages/public-contract/dist/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const endpoint = process.argv[2] ?? 'https://<gateway host>/public/graphql';
const html = publicDocsFromSupergraph(
  readFileSync(join(root, 'supergraph.graphql'), 'utf8'),
  readDocsExamples(join(root, 'examples/third-party-client/operations')),
  endpoint,
);
mkdirSync(join(root, 'public-docs'), { recursive: true });
writeFileSync(join(root, 'public-docs/index.html'), html);
console.log(`docs: public-docs/index.html (${Math.round(html.length / 1024)} KiB)`);
