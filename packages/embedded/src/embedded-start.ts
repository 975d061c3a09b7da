import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { loadOrCreateDevIssuer, type DevIssuer } from '@salesgraph/auth';
import type { Logger } from '@salesgraph/logging';
import type { StartArgs } from './args.js';
import { startBanner } from './banner.js';
import { repoRoot, type EmbeddedConfig } from './config.js';
import { seedDemoData } from './demo-data.js';
import { createSimulator, type Simulator } from './simulator.js';
import { createEmbeddedStack, type EmbeddedStack } from './stack.js';

export interface EmbeddedStartOptions {
  readonly config: Readonly<EmbeddedConfig>;
  readonly args: StartArgs;
  readonly logger: Logger;
  /** Where the banner and progress lines go (stdout). */
  readonly print: (text: string) => void;
}

export interface EmbeddedStart {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly stack: EmbeddedStack | null;
}

const TOKEN_TTL_SECONDS = 12 * 3600;

/** Refuses a second `npm start` on the same data directory (PGlite has one writer). */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = `${dataDir}/embedded.pid`;
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    let alive = false;
    try {
      alive = Number.isInteger(pid) && pid > 0 && pid !== process.pid && process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive) throw new Error(`${dataDir} is in use by another npm start (pid ${pid}); stop it first`);
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

/**
 * `npm start` from its parts: the data directory (reset, lock), the stack, the start banner
 * with a token from the local development issuer, demo data on first start, the simulator.
 */
export function createEmbeddedStart(options: EmbeddedStartOptions): EmbeddedStart {
  const { config, args, print } = options;
  const embeddedDatabase = config.DATABASE_URL === undefined;
  let stack: EmbeddedStack | null = null;
  let simulator: Simulator | null = null;
  let seeding: Promise<void> | null = null;
  let unlock: (() => void) | null = null;
  let stopping = false;

  return {
    get stack() {
      return stack;
    },
    async start() {
      const started = performance.now();
      if (embeddedDatabase) {
        if (args.reset) {
          rmSync(config.EMBEDDED_DATA_DIR, { recursive: true, force: true });
          print(`Reset: removed ${relative(repoRoot, config.EMBEDDED_DATA_DIR) || config.EMBEDDED_DATA_DIR}`);
        }
        unlock = lockDataDir(config.EMBEDDED_DATA_DIR);
      }
      const issuer: DevIssuer = await loadOrCreateDevIssuer(config.DEV_ISSUER_KEY_FILE);
      const managerToken = () =>
        issuer.issue({
          tenant: config.DEMO_TENANT,
          sub: 'demo.manager',
          roles: ['SALES_MANAGER'],
          ttlSeconds: TOKEN_TTL_SECONDS,
        });
      const token = await managerToken();
      stack = createEmbeddedStack({ config, logger: options.logger, developerToken: token });
      await stack.start();
      const gatewayUrl = stack.gatewayUrl;
      print(
        startBanner({
          gatewayUrl,
          dashboardUrl: gatewayUrl.replace(/\/graphql$/, '/dashboard'),
          token,
          tenant: config.DEMO_TENANT,
          tokenHours: TOKEN_TTL_SECONDS / 3600,
          mode: stack.mode,
          dataDir: embeddedDatabase ? relative(repoRoot, config.EMBEDDED_DATA_DIR) || config.EMBEDDED_DATA_DIR : null,
          readyMs: Math.round(performance.now() - started),
          timings: stack.timings,
        }),
      );
      const startSimulator = () => {
        if (!args.simulate || stopping) return;
        simulator = createSimulator({
          gatewayUrl,
          token: managerToken,
          intervalMs: config.SIMULATE_INTERVAL_MS,
          log: print,
        });
        simulator.start();
        print(`Simulator: moving deals every ${config.SIMULATE_INTERVAL_MS / 1000} s (--simulate).`);
      };
      if (!args.seed) {
        startSimulator();
        return;
      }
      print(
        `Demo data: seeding tenant "${config.DEMO_TENANT}" (scale ${args.scale}) through the gateway in the background…`,
      );
      seeding = seedDemoData({
        gatewayUrl,
        tenant: config.DEMO_TENANT,
        scale: args.scale,
        issuer,
        log: (line) => print(`  ${line}`),
      }).then(
        (result) => {
          if (!result.created)
            print(`Demo data: tenant "${config.DEMO_TENANT}" already has data (kept from an earlier run).`);
          else {
            const deals = Object.values(result.summary.created['deals'] ?? {}).reduce((sum, n) => sum + n, 0);
            print(
              `Demo data: ready in ${(result.ms / 1000).toFixed(1)} s (${result.summary.created['companies']?.['total'] ?? 0} companies, ${deals} deals).`,
            );
          }
          startSimulator();
        },
        (error: unknown) => {
          if (stopping) return;
          print(
            `Demo data: seeding failed (${error instanceof Error ? error.message : String(error)}); the graph keeps running.`,
          );
          startSimulator();
        },
      );
    },
    async stop() {
      stopping = true;
      await simulator?.stop();
      // A seed still running fails once the gateway is gone (reported by the handler above).
      try {
        await stack?.stop();
        print('Salesgraph stopped.');
      } finally {
        unlock?.();
      }
    },
  };
}
