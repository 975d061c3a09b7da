import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@salesgraph/testkit';

/** Repository root, as seen from gateway/dist/testing. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The runnable copy of the federation conformance suite (scripts/federation-audit/prepare.sh). */
export function preparedSuite(): string {
  return execFileSync('bash', [`${repoRoot}scripts/federation-audit/prepare.sh`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/** One case of a suite: a query and what the suite expects (`errors` compared only when a boolean). */
export interface SuiteCase {
  readonly query: string;
  readonly expected: { readonly data?: unknown; readonly errors?: boolean };
}

export interface SuiteServer {
  readonly url: string;
  ids(): Promise<string[]>;
  supergraph(id: string): Promise<string>;
  cases(id: string): Promise<SuiteCase[]>;
  stop(): Promise<void>;
}

async function getText(url: string): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return response.text();
}

/** The suite's own server: every suite's subgraphs, supergraphs and cases, on a free port. */
export async function startSuiteServer(copy: string): Promise<SuiteServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['./node_modules/.bin/tsx', './src/cli.ts', 'serve', '--port', String(port)], {
    cwd: copy,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/_health`)).ok, { timeoutMs: 60_000, intervalMs: 250 });
  return {
    url,
    ids: async () => JSON.parse(await getText(`${url}/ids`)) as string[],
    supergraph: (id) => getText(`${url}/${id}/supergraph`),
    cases: async (id) => JSON.parse(await getText(`${url}/${id}/tests`)) as SuiteCase[],
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
