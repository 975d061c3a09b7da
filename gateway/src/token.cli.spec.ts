import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@salesgraph/logging';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier.js';
import { trustedIssuers } from './auth/trusted-issuers.js';

const cli = fileURLToPath(new URL('./token.cli.js', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('npm run token (the development token CLI)', () => {
  let dir: string;
  let keyFile: string;
  let verifier: TokenVerifier;

  const run = (args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [cli, ...args],
        { env: { ...process.env, DEV_ISSUER_KEY_FILE: keyFile } },
        (error, stdout, stderr) => {
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        },
      );
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-token-cli-'));
    keyFile = join(dir, 'dev-issuer', 'key.json');
    // The CLI creates the key when missing; the gateway then reads the same file.
    const first = await run(['--tenant', 'acme', '--roles', 'SALES_REP']);
    assert.equal(first.code, 0, first.stderr);
    verifier = createTokenVerifier(
      await trustedIssuers(
        { NODE_ENV: 'development', OIDC_ISSUERS: [], DEV_ISSUER_ENABLED: true, DEV_ISSUER_KEY_FILE: keyFile },
        createLogger('test', 'silent'),
      ),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints only a token the gateway accepts, with the tenant, roles and subject asked for', async () => {
    const result = await run([
      '--tenant',
      'acme',
      '--roles',
      'SALES_MANAGER,OPERATIONS',
      '--sub',
      'maria',
      '--scopes',
      'deals:read',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    assert.deepEqual(await verifier.verify(result.stdout.trim()), {
      sub: 'maria',
      tenant: 'acme',
      roles: ['SALES_MANAGER', 'OPERATIONS'],
      scopes: ['deals:read'],
    });
  });

  it('prints a client-credentials token for --client: the client as subject and client_id, its scopes, no roles', async () => {
    const result = await run(['--client', 'crm-sync', '--tenant', 'acme', '--scopes', 'deals:read,companies:read']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await verifier.verify(result.stdout.trim()), {
      sub: 'crm-sync',
      tenant: 'acme',
      roles: [],
      scopes: ['deals:read', 'companies:read'],
      clientId: 'crm-sync',
    });
  });

  for (const [why, args, message] of [
    ['a scope the public API does not have', ['--scopes', 'deals:read,admin'], /unknown scope: admin/],
    ['no scope', [], /--scopes names no scope/],
    ['roles', ['--scopes', 'deals:read', '--roles', 'SALES_REP'], /a client token has no --roles/],
  ] as const) {
    it(`refuses a client token with ${why} (status 2)`, async () => {
      const result = await run(['--client', 'crm-sync', '--tenant', 'acme', ...args]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
    });
  }

  it('names an unknown role and exits with status 2', async () => {
    const result = await run(['--tenant', 'acme', '--roles', 'SALES_REP,SALES_GUY']);
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unknown role: SALES_GUY/);
    assert.match(result.stderr, /Roles: SALES_REP, SALES_MANAGER/);
  });

  for (const [why, args, message] of [
    ['a missing tenant', ['--roles', 'SALES_REP'], /--tenant is required/],
    ['missing roles', ['--tenant', 'acme'], /--roles is required/],
    ['an unknown option', ['--tenant', 'acme', '--roles', 'SALES_REP', '--admin'], /Unknown option '--admin'/],
    ['a tenant that is not an id', ['--tenant', 'a b', '--roles', 'SALES_REP'], /--tenant "a b" must match/],
    ['a bad lifetime', ['--tenant', 'acme', '--roles', 'SALES_REP', '--ttl', 'forever'], /--ttl must be whole seconds/],
  ] as const) {
    it(`refuses ${why} with a usage message and status 2`, async () => {
      const result = await run([...args]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage: npm run -s token/);
    });
  }

  it('prints the usage for --help', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: npm run -s token/);
  });
});
