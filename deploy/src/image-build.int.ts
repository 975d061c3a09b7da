import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayDockerfile, type ReplayedImage } from './image-replay.js';
import { entryPoints, repoRoot } from './services.js';

/**
 * docker/Dockerfile from a clean checkout, without Docker: its steps replayed in a temporary
 * copy of exactly the files it COPYs (image-replay.ts). A missing COPY, a build that needs a
 * file the image lacks, or a runtime import of a dev dependency fails here.
 */
describe('the image (docker/Dockerfile) built from a clean checkout', () => {
  let into: string;
  let image: ReplayedImage;
  let app: string;

  before(() => {
    into = mkdtempSync(join(tmpdir(), 'salesgraph-image-'));
    // The npm cache of this machine stands in for the registry the image build downloads from.
    image = replayDockerfile({
      repoRoot,
      dockerfile: join(repoRoot, 'docker/Dockerfile'),
      into,
      runEnv: { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' },
    });
    app = join(image.roots.get(image.final.name)!, image.workdir);
    for (const run of image.runs) console.log(`  RUN ${run.command} (${run.stage}): ${(run.ms / 1000).toFixed(1)} s`);
  });

  after(() => rmSync(into, { recursive: true, force: true }));

  it('has a build stage and a separate runtime stage that runs as an unprivileged user', () => {
    assert.ok(image.roots.size >= 2, 'multi-stage');
    assert.notEqual(image.user, 'root');
    assert.notEqual(image.user, '0');
    assert.equal(image.env['NODE_ENV'], 'production');
    assert.deepEqual(image.cmd, ['node', entryPoints.gateway]);
  });

  it('carries production dependencies only', () => {
    // The lockfile marks what only development needs (`dev: true`); none of it may be installed.
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages).filter(
      ([path, entry]) => entry.dev && path.startsWith('node_modules/'),
    );
    assert.ok(devOnly.length > 100, 'the lockfile lists the development-only packages');
    const present = devOnly.map(([path]) => path).filter((path) => existsSync(join(app, path)));
    assert.deepEqual(present, [], 'development-only packages left in the runtime stage');
    for (const name of ['graphql', 'kafkajs', 'pg', '@apollo/gateway'])
      assert.ok(existsSync(join(app, 'node_modules', name)), `${name} is missing`);
    assert.ok(existsSync(join(app, 'supergraph.graphql')));
  });

  for (const [name, entry] of Object.entries(entryPoints).filter(([name]) => name !== 'seed')) {
    it(`loads every module of ${name} (${entry}) and stops at its configuration`, () => {
      // Static imports resolve before any code runs: reaching the config check proves the
      // whole module graph is in the image. An empty environment then fails the config.
      const result = spawnSync(process.execPath, [join(app, entry)], {
        cwd: app,
        env: { PATH: process.env['PATH'] ?? '', ...image.env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.doesNotMatch(result.stderr, /ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
      assert.match(result.stderr, /Invalid configuration/);
      assert.equal(result.status, 1);
    });
  }

  it('runs the demo data seeder', () => {
    const result = spawnSync(process.execPath, [join(app, entryPoints.seed), '--help'], {
      cwd: app,
      env: { PATH: process.env['PATH'] ?? '', ...image.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Usage: npm run seed/);
  });
});
