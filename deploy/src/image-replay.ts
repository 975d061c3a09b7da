import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { dockerignore, parseCopy, parseDockerfile, type Stage } from './dockerfile.js';

export interface ReplayedImage {
  /** Where each stage's filesystem was laid out: an absolute image path /p is `<root>/p`. */
  readonly roots: ReadonlyMap<string, string>;
  readonly final: Stage;
  readonly user: string;
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string;
  readonly cmd: readonly string[];
  /** Each RUN, with how long it took. */
  readonly runs: readonly { stage: string; command: string; ms: number }[];
}

/**
 * The build context of a clean checkout: the files git tracks (present in the work tree),
 * less what `.dockerignore` excludes. Nothing built or installed locally is in it.
 */
export function cleanContext(repoRoot: string): Set<string> {
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const ignored = dockerignore(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
  return new Set(
    listed.stdout.split('\0').filter((path) => path && !ignored(path) && existsSync(join(repoRoot, path))),
  );
}

/**
 * Replays a Dockerfile without Docker: each stage gets a directory standing for its root, COPY
 * copies from the clean context (or another stage), RUN runs the command there with the stage's
 * ENV on top of ours (the base image's Node is this machine's), WORKDIR/USER/CMD are recorded.
 * A COPY of something not in the context fails, as `docker build` would.
 */
export function replayDockerfile(options: {
  repoRoot: string;
  dockerfile: string;
  into: string;
  runEnv?: Record<string, string>;
}): ReplayedImage {
  const stages = parseDockerfile(readFileSync(options.dockerfile, 'utf8'));
  const context = cleanContext(options.repoRoot);
  const roots = new Map<string, string>();
  const runs: { stage: string; command: string; ms: number }[] = [];
  let last: { stage: Stage; user: string; env: Record<string, string>; workdir: string; cmd: string[] } | undefined;
  for (const stage of stages) {
    const root = join(options.into, stage.name);
    mkdirSync(root, { recursive: true });
    roots.set(stage.name, root);
    const state = { stage, user: 'root', env: {} as Record<string, string>, workdir: '/', cmd: [] as string[] };
    const inRoot = (imagePath: string) => join(root, posix.resolve(state.workdir, imagePath));
    for (const { keyword, args } of stage.instructions) {
      switch (keyword) {
        case 'WORKDIR':
          state.workdir = posix.resolve(state.workdir, args);
          mkdirSync(inRoot('.'), { recursive: true });
          break;
        case 'ENV': {
          const [name, ...value] = args.split('=');
          state.env[name!.trim()] = value.join('=').trim();
          break;
        }
        case 'USER':
          state.user = args.trim();
          break;
        case 'CMD':
          state.cmd = JSON.parse(args) as string[];
          break;
        case 'EXPOSE':
          break;
        case 'COPY': {
          const copy = parseCopy(args);
          const intoDirectory = copy.destination.endsWith('/') || copy.sources.length > 1;
          for (const source of copy.sources) {
            const target = inRoot(copy.destination);
            if (copy.from) {
              const fromRoot = roots.get(copy.from);
              if (!fromRoot) throw new Error(`COPY --from=${copy.from}: no such stage before ${stage.name}`);
              const path = join(fromRoot, source);
              if (!existsSync(path)) throw new Error(`COPY --from=${copy.from} ${source}: not in that stage`);
              const file = !statSync(path).isDirectory();
              const to = file && intoDirectory ? join(target, basename(source)) : target;
              mkdirSync(file ? dirname(to) : to, { recursive: true });
              cpSync(path, to, { recursive: true, verbatimSymlinks: true });
              continue;
            }
            const prefix = source.replace(/\/$/, '');
            const files = [...context].filter((path) => path === prefix || path.startsWith(`${prefix}/`));
            if (files.length === 0) throw new Error(`COPY ${source}: not in the build context of a clean checkout`);
            for (const file of files) {
              const to =
                file === prefix
                  ? intoDirectory
                    ? join(target, basename(file))
                    : target
                  : join(target, file.slice(prefix.length + 1));
              mkdirSync(dirname(to), { recursive: true });
              cpSync(join(options.repoRoot, file), to);
            }
          }
          break;
        }
        case 'RUN': {
          const started = Date.now();
          const result = spawnSync('sh', ['-c', args], {
            cwd: inRoot('.'),
            env: { ...process.env, ...options.runEnv, ...state.env },
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          });
          if (result.status !== 0) {
            throw new Error(
              `RUN ${args} (stage ${stage.name}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
            );
          }
          runs.push({ stage: stage.name, command: args, ms: Date.now() - started });
          break;
        }
        default:
          throw new Error(`${keyword} is not replayed (stage ${stage.name}); teach deploy/src/image-replay.ts`);
      }
    }
    last = state;
  }
  if (!last) throw new Error(`${options.dockerfile} has no stage`);
  return { roots, final: last.stage, user: last.user, env: last.env, workdir: last.workdir, cmd: last.cmd, runs };
}
