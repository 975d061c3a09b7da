import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { waitFor } from '@salesgraph/testkit';

export interface LaunchOptions {
  readonly name: string;
  /** Arguments to `node` (the script first). */
  readonly args: readonly string[];
  readonly env?: Record<string, string | undefined>;
  /** `taskset -c <cpus>`; undefined: not pinned. */
  readonly cpus?: string;
  /** Resolves true once the process serves. */
  readonly ready?: () => Promise<boolean>;
  readonly readyTimeoutMs?: number;
  readonly cwd?: string;
  /** Keep stdin open (write commands to `child.stdin`). */
  readonly stdin?: boolean;
}

export interface Launched {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  output(): string;
  /** The last stdout line starting with `prefix`. */
  latest(prefix: string): string | undefined;
  /** Lines written to stdout so far, and a way to wait for one. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

/** Runs `node ...` as its own process, pinned with taskset when asked; waits for `ready`. */
export async function launch(options: LaunchOptions): Promise<Launched> {
  const nodeArgs = [...options.args];
  const [command, args] =
    options.cpus !== undefined
      ? ['taskset', ['-c', options.cpus, process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
  const child = spawn(command, args, {
    env: { ...process.env, ...options.env },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
  });
  let output = '';
  let pending = '';
  const lines: string[] = [];
  const lineWaiters = new Set<(line: string) => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-200_000);
    pending += text;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      lines.push(line);
      for (const waiter of lineWaiters) waiter(line);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-200_000)));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const launched: Launched = {
    name: options.name,
    pid: child.pid ?? -1,
    child,
    output: () => output,
    latest(prefix) {
      for (let i = lines.length - 1; i >= 0; i -= 1) if (lines[i]?.startsWith(prefix)) return lines[i];
      return undefined;
    },
    waitForLine(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const seen = lines.find(predicate);
        if (seen !== undefined) return resolve(seen);
        const timer = setTimeout(() => {
          lineWaiters.delete(waiter);
          reject(new Error(`${options.name}: no expected line within ${timeoutMs} ms\n${output.slice(-3000)}`));
        }, timeoutMs);
        const waiter = (line: string) => {
          if (!predicate(line)) return;
          clearTimeout(timer);
          lineWaiters.delete(waiter);
          resolve(line);
        };
        lineWaiters.add(waiter);
        void exited.then(() => {
          if (!lineWaiters.has(waiter)) return;
          clearTimeout(timer);
          lineWaiters.delete(waiter);
          reject(new Error(`${options.name} exited with ${exitCode}\n${output.slice(-3000)}`));
        });
      });
    },
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  if (options.ready) {
    const ready = options.ready;
    try {
      await waitFor(
        async () => {
          if (exitCode !== undefined) throw new Error(`${options.name} exited with ${exitCode}`);
          return ready().catch(() => false);
        },
        { timeoutMs: options.readyTimeoutMs ?? 60_000, intervalMs: 100, description: `${options.name} to be ready` },
      );
    } catch (error) {
      await launched.stop();
      throw new Error(`${(error as Error).message}\n--- ${options.name} output ---\n${output.slice(-4000)}`);
    }
  }
  return launched;
}

const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is field 3, utime 14, stime 15 -> indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * CPU seconds used so far by every process whose command name is `comm` (`postgres`, `java`):
 * the servers the bench does not start. A process that has exited no longer counts.
 */
export function cpuSecondsOfCommand(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) total += cpuSeconds(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

/** Resident set size in MiB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/** Samples a process's RSS until stopped; returns the peak. */
export function rssSampler(pid: number, everyMs = 250) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* exited */
    }
  }, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rssMb(pid));
      } catch {
        /* exited */
      }
      return peak;
    },
  };
}

/** POSTs `{ __typename }` and resolves true on a 200 (readiness for servers without /readyz). */
export async function answersGraphql(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{"query":"{ __typename }"}',
  });
  return response.ok;
}
