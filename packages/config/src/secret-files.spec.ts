import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, parseConfig } from './parse.js';
import { databaseEnv, gatewayTrustEnv } from './fragments.js';
import { secretSettings } from './secret-files.js';

const schema = z.object({ ...databaseEnv, ...gatewayTrustEnv });
const secret = 'a-secret-value-from-vault-0123456789abcdef';

describe('secret settings from files (<NAME>_FILE)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'salesgraph-secrets-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads the value from the file, less one trailing newline', () => {
    const config = parseConfig(schema, {
      DATABASE_URL: 'postgres://app@db/salesgraph',
      DATABASE_PASSWORD_FILE: file('password', 'p@ss word\n'),
      GATEWAY_IDENTITY_SECRET_FILE: file('identity', `${secret}\n`),
    });
    assert.equal(config.GATEWAY_IDENTITY_SECRET, secret);
    assert.equal(config.DATABASE_PASSWORD, 'p@ss word');
    assert.equal(config.DATABASE_PASSWORD_FILE, join(dir, 'password'), 'the path is kept for re-reading');
  });

  it('accepts _FILE for every secret setting, a URL with credentials included', () => {
    assert.ok(secretSettings.includes('DATABASE_URL'));
    const config = parseConfig(schema, {
      DATABASE_URL_FILE: file('url', 'postgres://app:hunter2@db/salesgraph\n'),
      GATEWAY_IDENTITY_SECRET: secret,
    });
    assert.equal(config.DATABASE_URL, 'postgres://app:hunter2@db/salesgraph');
  });

  it('refuses both the value and the file, and an unreadable file, naming the variable but never the value', () => {
    const missing = join(dir, 'no-such-file');
    assert.throws(
      () =>
        parseConfig(schema, {
          DATABASE_URL: 'postgres://app@db/salesgraph',
          DATABASE_PASSWORD_FILE: missing,
          GATEWAY_IDENTITY_SECRET: secret,
          GATEWAY_IDENTITY_SECRET_FILE: file('identity-2', secret),
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems, [
          `DATABASE_PASSWORD_FILE: cannot read ${missing} (ENOENT)`,
          'GATEWAY_IDENTITY_SECRET: set GATEWAY_IDENTITY_SECRET or GATEWAY_IDENTITY_SECRET_FILE, not both',
        ]);
        assert.ok(!error.message.includes(secret));
        return true;
      },
    );
  });

  it('reports an invalid secret from a file without its value', () => {
    const short = 'too-short-secret';
    assert.throws(
      () =>
        parseConfig(schema, {
          DATABASE_URL: 'postgres://app@db/salesgraph',
          GATEWAY_IDENTITY_SECRET_FILE: file('short', short),
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /GATEWAY_IDENTITY_SECRET: must be at least 32 characters/);
        assert.ok(!error.message.includes(short));
        return true;
      },
    );
  });
});
