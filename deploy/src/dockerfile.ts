/** One instruction of a Dockerfile stage, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly name: string;
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

/** A COPY: sources (context paths, or paths in another stage with --from), destination, flags. */
export interface Copy {
  readonly from?: string;
  readonly sources: readonly string[];
  readonly destination: string;
}

/**
 * Parses the subset of Dockerfile syntax docker/Dockerfile uses: FROM ... AS, WORKDIR, COPY
 * (with --from / --chown), RUN, ENV, USER, EXPOSE, CMD; `#` comments and `\` continuations.
 */
export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const stages: { name: string; base: string; instructions: Instruction[] }[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`FROM not understood: ${line}`);
      stages.push({ base: match[1]!, name: match[2] ?? String(stages.length), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${keyword} before the first FROM`);
    stage.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return stages;
}

export function parseCopy(args: string): Copy {
  const words = args.split(/\s+/);
  let from: string | undefined;
  const paths: string[] = [];
  for (const word of words) {
    if (word.startsWith('--from=')) from = word.slice('--from='.length);
    else if (word.startsWith('--')) continue;
    else paths.push(word);
  }
  const destination = paths.pop();
  if (!destination || paths.length === 0) throw new Error(`COPY needs sources and a destination: ${args}`);
  return { from, sources: paths, destination };
}

/** `.dockerignore` patterns -> a predicate on context-relative paths (the subset used here: `**`, `*`). */
export function dockerignore(text: string): (path: string) => boolean {
  const patterns = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((pattern) => {
      const source = pattern
        .replace(/[.+^${}()|[\]]/g, '\\$&')
        .replace(/\*\*\//g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\u0000/g, '(?:.*/)?');
      return new RegExp(`^${source}(?:/.*)?$`);
    });
  return (path) => patterns.some((pattern) => pattern.test(path));
}
