import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './names.js';

/** Repository root, as seen from packages/testkit/dist/. */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ThrowawayBrokerOptions {
  /** Also a SASL_PLAINTEXT listener (SCRAM-SHA-512 and PLAIN) with these users. */
  readonly saslUsers?: readonly { readonly name: string; readonly password: string }[];
}

export interface ThrowawayBroker {
  /** 127.0.0.1:<port> of the PLAINTEXT listener. */
  readonly brokers: string;
  /** 127.0.0.1:<port> of the SASL_PLAINTEXT listener, when asked for. */
  readonly saslBrokers?: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its data directory. */
  remove(): Promise<void>;
}

/**
 * A Kafka broker of one test only: the project's broker runner (docker/kafka/kafka.mjs) with its
 * own data directory and ports, never the shared development broker. start() returns once it
 * serves requests; stop() stops only this broker (its pid file).
 */
export async function throwawayBroker(options: ThrowawayBrokerOptions = {}): Promise<ThrowawayBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'salesgraph-kafka-'));
  const ports = new Set<number>();
  while (ports.size < (options.saslUsers ? 3 : 2)) ports.add(await freePort());
  const [port, controllerPort, saslPort] = [...ports];
  const env: Record<string, string> = {
    KAFKA_DATA_DIR: dataDir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
  };
  if (options.saslUsers) {
    env['KAFKA_SASL_PORT'] = String(saslPort);
    env['KAFKA_SASL_USERS'] = options.saslUsers.map((user) => `${user.name}:${user.password}`).join(',');
  }
  const run = (command: 'start' | 'stop') =>
    new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, [join(repoRoot, 'docker', 'kafka', 'kafka.mjs'), command], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('error', fail);
      child.once('exit', (code) =>
        code === 0 ? done() : fail(new Error(`kafka.mjs ${command} exited ${code}:\n${output}`)),
      );
    });
  return {
    brokers: `127.0.0.1:${port}`,
    ...(options.saslUsers ? { saslBrokers: `127.0.0.1:${saslPort}` } : {}),
    start: () => run('start'),
    stop: () => run('stop'),
    async remove() {
      await run('stop');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
