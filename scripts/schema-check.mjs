#!/usr/bin/env node
// The breaking-change gate of the public API (README, "For third-party developers" ->
// "Versioning"): compares the public schema (public-schema.graphql, kept equal to the code by
// `npm run compose:check`) with the released one and fails on a breaking change, unless it is
// the removal of an element the released schema had already marked @deprecated.
//
//   npm run schema:check                          # released = newest tag public-api/*, else the committed
//                                                 # public-schema.released.graphql (copied from public-schema.graphql
//                                                 # at each release), else the merge base with main
//   npm run schema:check -- --base <git ref>      # released = public-schema.graphql at that ref
//   npm run schema:check -- --released <file> [--candidate <file>]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkSchemaEvolution } from '../packages/public-contract/dist/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { released: { type: 'string' }, base: { type: 'string' }, candidate: { type: 'string' } },
});
const git = (...args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const attempt = (run) => {
  try {
    return run();
  } catch {
    return undefined;
  }
};

/** The released public schema and where it comes from, or undefined when there is none yet. */
function released() {
  if (values.released) return { sdl: readFileSync(values.released, 'utf8'), origin: values.released };
  const tag = values.base
    ? undefined
    : attempt(() => git('describe', '--tags', '--abbrev=0', '--match', 'public-api/*'));
  const committed = join(root, 'public-schema.released.graphql');
  if (!values.base && !tag && existsSync(committed))
    return { sdl: readFileSync(committed, 'utf8'), origin: 'public-schema.released.graphql' };
  const ref =
    values.base ??
    attempt(() => git('describe', '--tags', '--abbrev=0', '--match', 'public-api/*')) ??
    attempt(() => git('merge-base', 'HEAD', 'main'));
  if (!ref) return { missing: 'no public-api/* tag and no merge base with main' };
  const sdl = attempt(() => git('show', `${ref}:public-schema.graphql`));
  return sdl === undefined
    ? { missing: `no public-schema.graphql at ${ref}` }
    : { sdl, origin: `public-schema.graphql at ${ref}` };
}

const candidatePath = values.candidate ?? join(root, 'public-schema.graphql');
const baseline = released();
if (baseline.missing) {
  console.log(`schema:check: no released public schema to compare with (${baseline.missing})`);
  process.exit(0);
}
const { refused, allowed, dangerous } = checkSchemaEvolution(baseline.sdl, readFileSync(candidatePath, 'utf8'));
for (const change of allowed) console.log(`schema:check: removed after deprecation: ${change.description}`);
for (const change of dangerous) console.log(`schema:check: may affect clients (${change.type}): ${change.description}`);
if (refused.length > 0) {
  for (const change of refused) console.error(`schema:check: BREAKING (${change.type}): ${change.description}`);
  console.error(
    `schema:check: ${refused.length} breaking change(s) against ${baseline.origin}. The public schema only grows: ` +
      'mark an element @deprecated(reason: "...") for a release before removing it; never change a type or add a required argument.',
  );
  process.exit(1);
}
console.log(`schema:check: no breaking change against ${baseline.origin}`);
