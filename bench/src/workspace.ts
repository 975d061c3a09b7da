import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer, type DevIssuer } from '@salesgraph/auth';
import { freePort } from '@salesgraph/testkit';
import type { Launched } from './processes.js';

/** A scenario's scratch folder, its development issuer, and every process it started. */
export interface Workspace {
  readonly dir: string;
  readonly devIssuerKeyFile: string;
  readonly issuer: DevIssuer;
  /** A secret only this run's gateway and subgraphs share. */
  readonly identitySecret: string;
  freePort(): Promise<number>;
  track<T extends Launched>(process: T): T;
  close(): Promise<void>;
}

export async function createWorkspace(prefix: string): Promise<Workspace> {
  const dir = mkdtempSync(join(tmpdir(), `salesgraph-bench-${prefix}-`));
  const devIssuerKeyFile = join(dir, 'dev-issuer.json');
  const issuer = await loadOrCreateDevIssuer(devIssuerKeyFile);
  const processes: Launched[] = [];
  return {
    dir,
    devIssuerKeyFile,
    issuer,
    identitySecret: `bench-only-identity-secret-${Date.now()}-0123456789abcdef`,
    freePort,
    track(process) {
      processes.push(process);
      return process;
    },
    async close() {
      for (const process of processes.reverse()) await process.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
