import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '@salesgraph/testkit';

export interface ThrowawayRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGKILL, by its pid) and waits for it to be gone. */
  stop(): Promise<void>;
}

/**
 * A real `redis-server` of our own on a free port (no persistence), for tests that stop it:
 * the shared one at 6379 is never touched. Started again on the same port with `start(port)`.
 */
export async function startThrowawayRedis(port?: number): Promise<ThrowawayRedis> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${chosen}`;
  await waitFor(
    async () => {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    },
    { timeoutMs: 10_000, description: `redis-server on ${chosen}` },
  );
  return {
    url,
    port: chosen,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
        process.kill(child.pid, 'SIGKILL');
      await exited;
    },
  };
}
