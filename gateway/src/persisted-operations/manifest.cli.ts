import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest } from './manifest.js';

/**
 * `npm run -w @salesgraph/gateway persisted:manifest [-- --check]`: writes
 * gateway/persisted-operations/persisted-documents.json from the operations in
 * gateway/persisted-operations/mobile/*.graphql, in the format graphql-codegen's client
 * preset writes (see codegen.yml). `--check` exits 1 when the committed file is not current.
 */
const folder = fileURLToPath(new URL('../../persisted-operations/', import.meta.url));
const sourcesFolder = join(folder, 'mobile');
const target = join(folder, 'persisted-documents.json');

const sources = readdirSync(sourcesFolder)
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .map((file) => readFileSync(join(sourcesFolder, file), 'utf8'));
const manifest = `${JSON.stringify(buildManifest(sources), null, 2)}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // reported below
  }
  if (committed !== manifest) {
    console.error(`${target} is not current: run npm run -w @salesgraph/gateway persisted:manifest`);
    process.exit(1);
  }
} else {
  writeFileSync(target, manifest);
  console.log(`${target}: ${Object.keys(JSON.parse(manifest) as object).length} operations`);
}
