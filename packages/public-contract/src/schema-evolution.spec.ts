import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSchemaEvolution } from './schema-evolution.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/schema-evolution/${name}.graphql`, import.meta.url));
const script = fileURLToPath(new URL('../../../scripts/schema-check.mjs', import.meta.url));

/** `npm run schema:check -- --released <released fixture> --candidate <fixture>`, as CI runs it. */
const schemaCheck = (candidate: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [script, '--released', fixture('released'), '--candidate', fixture(candidate)],
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });

describe('npm run schema:check (the public schema only grows)', () => {
  it('fails on a removed public field that was not deprecated first, naming it', async () => {
    const result = await schemaCheck('field-removed');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /BREAKING \(FIELD_REMOVED\): Deal\.title was removed/);
    assert.match(result.stderr, /mark an element @deprecated/);
  });

  it('passes on an added optional field and an added optional argument, and reports them', async () => {
    const result = await schemaCheck('optional-added');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /no breaking change/);
    assert.match(
      result.stdout,
      /may affect clients \(OPTIONAL_ARG_ADDED\): An optional arg after on Query\.deals was added/,
    );
  });

  it('passes on removing what the released schema had deprecated, types used only by deprecated fields included', async () => {
    const result = await schemaCheck('deprecated-removed');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /removed after deprecation: Deal\.probability was removed/);
    assert.match(result.stdout, /removed after deprecation: LegacyScore was removed/);
    assert.match(result.stdout, /removed after deprecation: Query\.legacyDeals was removed/);
  });

  it('refuses a required argument added and a field made nullable, whatever was deprecated', () => {
    const { refused } = checkSchemaEvolution(
      readFileSync(fixture('released'), 'utf8'),
      readFileSync(fixture('required-argument-added'), 'utf8'),
    );
    assert.deepEqual(refused.map((change) => change.type).sort(), ['FIELD_CHANGED_KIND', 'REQUIRED_ARG_ADDED']);
  });
});
