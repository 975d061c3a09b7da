import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadOrCreateDevIssuer } from '@salesgraph/auth';
import { commandLine, loadConfig } from '@salesgraph/config';
import { todayInSaoPaulo } from './dates.js';
import { runSeed } from './seed.js';
import { DEVELOPMENT_SIGNATURE_SECRET } from './steps/contract.steps.js';
import { formatSummary } from './summary.js';

/** Repository root, as seen from packages/seed/dist/seed.cli.js. */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const seedEnv = z.object({
  /** The same default as the gateway's: `<repo>/.data/dev-issuer/key.json`. */
  DEV_ISSUER_KEY_FILE: z.string().min(1).default(`${repoRoot}.data/dev-issuer/key.json`),
  SIGNATURE_CALLBACK_SECRET: z.string().min(32).default(DEVELOPMENT_SIGNATURE_SECRET),
});

const usage = `Usage: npm run seed -- [--scale 1] [--gateway http://127.0.0.1:4000/graphql] [--tenants demo,demo-b]
                      [--seed salesgraph] [--today YYYY-MM-DD] [--concurrency 4] [--key-file <path>] [--timeout 600]

Creates demo data through the gateway's public operations, so every event flows: per tenant
(at scale 1) 50 companies with contacts, 500 deals across all stages, 100 contracts taken
through approval, signature and activation, and 5,000 beneficiaries. --scale 0.1 is the small
demo set. Deterministic: the same --seed and --today give the same data. A tenant that
already has companies is left alone.

Tokens come from the local development issuer key (DEV_ISSUER_KEY_FILE, default
<repo>/.data/dev-issuer/key.json: the gateway's default). Signature callbacks are signed with
SIGNATURE_CALLBACK_SECRET (default: the contracts subgraph's development value).`;

const cli = commandLine('seed', usage, {
  scale: { type: 'string', default: '1' },
  gateway: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
  tenants: { type: 'string', default: 'demo,demo-b' },
  seed: { type: 'string', default: 'salesgraph' },
  today: { type: 'string' },
  concurrency: { type: 'string', default: '4' },
  'key-file': { type: 'string' },
  timeout: { type: 'string', default: '600' },
  help: { type: 'boolean', short: 'h' },
});

/** Explicitly typed, so TypeScript narrows after a call (it never returns). */
const fail: (message: string) => never = cli.fail;

function parse(argv: string[]) {
  const values = cli.parse(argv);
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 10)) fail('--scale must be a number more than 0 and at most 10');
  if (!URL.canParse(values.gateway)) fail('--gateway must be a URL');
  const tenants = values.tenants
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tenants.length === 0 || tenants.some((t) => !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(t)))
    fail('--tenants must list tenant ids (letters, digits, ._:-)');
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) fail('--today must be YYYY-MM-DD');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    fail('--concurrency must be a whole number from 1 to 64');
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) fail('--timeout must be a positive number of seconds');
  return {
    scale,
    gatewayUrl: values.gateway,
    tenants,
    seed: values.seed,
    today: values.today ?? todayInSaoPaulo(),
    concurrency,
    keyFile: values['key-file'],
    timeoutMs: timeout * 1000,
  };
}

const args = parse(process.argv.slice(2));
const env = loadConfig(seedEnv);
const issuer = await loadOrCreateDevIssuer(args.keyFile ?? env.DEV_ISSUER_KEY_FILE);
try {
  const summary = await runSeed({
    gatewayUrl: args.gatewayUrl,
    tenants: args.tenants,
    scale: args.scale,
    seed: args.seed,
    today: args.today,
    concurrency: args.concurrency,
    issuer,
    signatureSecret: env.SIGNATURE_CALLBACK_SECRET,
    projectionTimeoutMs: args.timeoutMs,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
} catch (error) {
  const cause = (error as Error & { cause?: Error }).cause;
  process.stderr.write(`seed failed: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}\n`);
  process.exit(1);
}
