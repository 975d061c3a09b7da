import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * A command-line tool's arguments, parsed strictly (no positionals, no unknown options):
 * `parse` returns the typed values, prints the usage and exits 0 on `--help`; `fail` prints a
 * problem with the usage on stderr and exits 2 (a usage error, not a failure of the tool).
 */
export function commandLine<const O extends ParseArgsOptionsConfig>(name: string, usage: string, options: O) {
  const fail = (message: string): never => {
    process.stderr.write(`${name}: ${message}\n\n${usage}\n`);
    process.exit(2);
  };
  const parse = (argv: readonly string[]) => {
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options });
    } catch (error) {
      return fail((error as Error).message);
    }
    if ((parsed.values as { help?: unknown }).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return parsed.values;
  };
  return { fail, parse };
}
