import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEVELOPMENT_SIGNATURE_SECRET } from './steps/contract.steps.js';

/** Repository root, as seen from packages/seed/dist/seed.config.js. */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The seeder's environment (SIGNATURE_CALLBACK_SECRET also as _FILE, as the contracts subgraph reads it). */
export const seedEnv = z.object({
  /** The same default as the gateway's: `<repo>/.data/dev-issuer/key.json`. */
  DEV_ISSUER_KEY_FILE: z.string().min(1).default(`${repoRoot}.data/dev-issuer/key.json`),
  SIGNATURE_CALLBACK_SECRET: z.string().min(32).default(DEVELOPMENT_SIGNATURE_SECRET),
});
