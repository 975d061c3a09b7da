import type { z } from 'zod';
import { deepFreeze } from './freeze.js';
import { readSecretFiles } from './secret-files.js';

/** Every problem found in the environment, one line each, naming the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment once with a zod schema. Reports every error (not only the first)
 * and returns a deeply frozen object. The schema maps env names to nested config itself.
 * Secret settings may come from files (`<NAME>_FILE`, secret-files.ts), read first. Problems
 * name the variable and what is wrong with it, never the value.
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: Env): Readonly<z.output<S>> {
  const files = readSecretFiles(env);
  const result = schema.safeParse(files.env);
  const problems = [
    ...files.problems,
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`)),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return deepFreeze(result.data);
}

/** The process entry point variant: prints every problem and exits with status 1. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): Readonly<z.output<S>> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
