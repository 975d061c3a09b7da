#!/usr/bin/env node
// Rebuilds one projection of one subgraph from the beginning of its topics (docs/EVENTS.md, Rebuild).
//
//   npm run projections:rebuild -- <subgraph> <projection>
//   e.g. npm run projections:rebuild -- deals account-summary     (or deals.account-summary)
//
// Environment: DATABASE_URL, KAFKA_BROKERS, KAFKA_NAMESPACE (optional), as the subgraph has them.
// Uses the subgraph's compiled code (subgraphs/<name>/dist: projections, entities, migrations).
// Stop the subgraph's processes first: Kafka refuses to rewind an active consumer group, and
// so does this command. Exit codes: 0 rebuilt, 1 usage or configuration error, 2 refused, 3 failed.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ConfigError, databaseEnv, kafkaEnv, parseConfig } from '@salesgraph/config';
import { createKafkaBus } from '@salesgraph/kafka';
import { createOrm } from '@salesgraph/orm';
import { OutboxMessage } from '@salesgraph/outbox';
import { RebuildError, rebuildProjection, rebuildRefusal } from '@salesgraph/projection';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUBGRAPHS = ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows'];

function fail(code, message) {
  process.stderr.write(`projections:rebuild: ${message}\n`);
  process.exit(code);
}

const [subgraph, requested, ...extra] = process.argv.slice(2);
if (!subgraph || !requested || extra.length > 0) {
  fail(1, `usage: npm run projections:rebuild -- <subgraph> <projection>   (subgraph: ${SUBGRAPHS.join(' | ')})`);
}
if (!SUBGRAPHS.includes(subgraph)) fail(1, `unknown subgraph "${subgraph}" (one of ${SUBGRAPHS.join(', ')})`);
const dist = join(root, 'subgraphs', subgraph, 'dist');
if (!existsSync(join(dist, 'projections.js')))
  fail(1, `${subgraph} is not built: run \`npx tsc -b subgraphs/${subgraph}\` first`);
const load = (file) => import(pathToFileURL(join(dist, file)).href);

const { projections } = await load('projections.js');
const definition = projections.find((p) => p.name === requested || p.name === `${subgraph}.${requested}`);
if (!definition) {
  fail(
    1,
    `${subgraph} has no projection "${requested}"; its projections: ${projections.map((p) => p.name).join(', ')}`,
  );
}
const refusal = rebuildRefusal(definition);
if (refusal) fail(2, `refused: ${refusal}`);

let config;
try {
  config = parseConfig(
    z.object({
      DATABASE_URL: databaseEnv.DATABASE_URL,
      KAFKA_BROKERS: kafkaEnv.KAFKA_BROKERS,
      KAFKA_NAMESPACE: kafkaEnv.KAFKA_NAMESPACE,
    }),
    process.env,
  );
} catch (error) {
  if (error instanceof ConfigError) fail(1, error.message);
  throw error;
}

const [{ entities }, { migrations }] = await Promise.all([load('schema.js'), load('migrations/index.js')]);
const orm = await createOrm({
  databaseUrl: config.DATABASE_URL,
  schema: subgraph,
  entities: [...entities, OutboxMessage],
  migrations,
  poolMax: 4,
});
const bus = createKafkaBus({
  brokers: config.KAFKA_BROKERS,
  clientId: `salesgraph-${subgraph}-rebuild`,
  namespace: config.KAFKA_NAMESPACE,
});
let exitCode = 0;
try {
  const pending = await orm.migrator.getPending();
  if (pending.length > 0) {
    throw new RebuildError(
      `the ${subgraph} schema has ${pending.length} pending migration(s) (${pending.map((m) => m.name).join(', ')}): start the subgraph once so it migrates, then stop it and retry; nothing was changed`,
    );
  }
  process.stdout.write(
    `rebuilding ${definition.name} (tables ${definition.tables.map((t) => `${subgraph}.${t}`).join(', ')}) from ${definition.topics.join(', ')}${config.KAFKA_NAMESPACE ? ` in namespace ${config.KAFKA_NAMESPACE}` : ''}\n`,
  );
  let lastReport = Date.now();
  const result = await rebuildProjection({
    definition,
    bus,
    em: orm.em,
    schema: subgraph,
    pollMs: 100,
    onProgress: (remaining) => {
      if (Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      process.stdout.write(`  ${remaining} messages left\n`);
    },
  });
  const seconds = result.ms / 1000;
  process.stdout.write(
    `rebuilt ${definition.name}: ${result.applied} events applied in ${seconds.toFixed(1)} s (${Math.round(result.applied / Math.max(seconds, 0.001))} events/s)\n`,
  );
} catch (error) {
  if (error instanceof RebuildError) {
    process.stderr.write(`projections:rebuild: refused: ${error.message}\n`);
    exitCode = 2;
  } else {
    process.stderr.write(
      `projections:rebuild: failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    exitCode = 3;
  }
} finally {
  await bus.close();
  await orm.close(true);
}
process.exit(exitCode);
