import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait-for.js';

export interface StartServiceOptions {
  readonly name: string;
  /** The compiled entry point, e.g. subgraphs/accounts/dist/main.js. */
  readonly entry: string;
  readonly env: Record<string, string>;
  /** Polled until it answers 200. */
  readonly readyUrl: string;
  readonly timeoutMs?: number;
}

export interface RunningService {
  readonly name: string;
  readonly process: ChildProcess;
  /** Everything the process printed, for assertions (e.g. "no CPF in logs"). */
  output(): string;
  /** SIGTERM, then waits for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL without a chance to clean up. */
  kill(): Promise<void>;
}

/** Runs a real service process (`node <entry>`) and waits for its readiness endpoint. */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const child = spawn(process.execPath, [options.entry], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  try {
    await waitFor(
      async () => {
        if (exitCode !== undefined) throw new Error(`${options.name} exited with ${exitCode}`);
        const response = await fetch(options.readyUrl);
        return response.ok;
      },
      { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 100, description: `${options.name} to be ready` },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${options.name} output ---\n${output.slice(-4000)}`);
  }

  return {
    name: options.name,
    process: child,
    output: () => output,
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (exitCode !== undefined) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
