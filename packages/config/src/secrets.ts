import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * A `<NAME>_FILE` variable: the path of a secret file (a Kubernetes or Docker secret mount),
 * read once while the configuration is parsed; its content, trimmed, is the value. An
 * unreadable or empty file is a configuration error naming the variable, never the content.
 */
export const secretFile = z.string().transform((path, context) => {
  let content: string;
  try {
    content = readFileSync(path, 'utf8').trim();
  } catch {
    context.addIssue({ code: 'custom', message: `cannot read the secret file ${path}` });
    return z.NEVER;
  }
  if (!content) {
    context.addIssue({ code: 'custom', message: `the secret file ${path} is empty` });
    return z.NEVER;
  }
  return content;
});

/** The value given directly, else the one read from its `_FILE` variable. */
export const secretOf = (direct: string | undefined, fromFile: string | undefined): string | undefined =>
  direct ?? fromFile;
