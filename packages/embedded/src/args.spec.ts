import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStartArgs, UsageError } from './args.js';

describe('npm start arguments', () => {
  it('default to demo data at scale 0.1, no reset and no simulator', () => {
    assert.deepEqual(parseStartArgs([]), { reset: false, simulate: false, seed: true, scale: 0.1 });
  });

  it('read --reset, --simulate, --no-seed and --scale', () => {
    assert.deepEqual(parseStartArgs(['--reset', '--simulate', '--no-seed', '--scale', '0.5']), {
      reset: true,
      simulate: true,
      seed: false,
      scale: 0.5,
    });
  });

  it('answer null for --help, so the usage is printed', () => {
    assert.equal(parseStartArgs(['--help']), null);
  });

  it('refuse unknown flags, positionals and a scale out of range', () => {
    for (const argv of [['--rest'], ['now'], ['--scale', '0'], ['--scale', '11'], ['--scale', 'big']]) {
      assert.throws(() => parseStartArgs(argv), UsageError, argv.join(' '));
    }
  });
});
