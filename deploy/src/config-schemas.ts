import { z } from 'zod';
import { secretSettings } from '@salesgraph/config';
import { accountsEnv } from '@salesgraph/accounts/config';
import { beneficiariesEnv } from '@salesgraph/beneficiaries/config';
import { contractsEnv } from '@salesgraph/contracts/config';
import { dealsEnv } from '@salesgraph/deals/config';
import { workflowsEnv } from '@salesgraph/workflows/config';
import { intakeEnv } from '@salesgraph/intake/config';
import { gatewayEnv } from '@salesgraph/gateway/dist/config.js';
import { topicsEnv } from '@salesgraph/kafka';
import { relayEnv } from '@salesgraph/outbox';
import { seedEnv } from '@salesgraph/seed';

/** Each entry point of the image -> the configuration schema its process parses at start-up. */
export const configSchemas: Readonly<Record<string, z.ZodType>> = {
  'gateway/dist/main.js': gatewayEnv,
  'subgraphs/accounts/dist/main.js': accountsEnv,
  'subgraphs/deals/dist/main.js': dealsEnv,
  'subgraphs/contracts/dist/main.js': contractsEnv,
  'subgraphs/beneficiaries/dist/main.js': beneficiariesEnv,
  'subgraphs/workflows/dist/main.js': workflowsEnv,
  'subgraphs/intake/dist/main.js': intakeEnv,
  'packages/outbox/dist/relay.main.js': relayEnv,
  'packages/seed/dist/seed.cli.js': seedEnv,
  'packages/kafka/dist/topics.cli.js': topicsEnv,
};

/** Variables read by Node itself or by the platform, not by our configuration. */
const platformVariables = new Set(['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS']);

/** The variable names a schema reads (through its transforms and refinements). */
function schemaKeys(schema: z.ZodType): Set<string> {
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  if (schema instanceof z.ZodPipe) return schemaKeys(schema.in as z.ZodType);
  throw new Error('a configuration schema is a z.object, possibly transformed');
}

/** Names in `env` that the process would silently ignore (a typo, or a setting that does not exist). */
export function unknownVariables(schema: z.ZodType, env: Readonly<Record<string, string>>): string[] {
  const known = schemaKeys(schema);
  return Object.keys(env).filter(
    (name) =>
      !known.has(name) && !platformVariables.has(name) && !secretSettings.some((secret) => name === `${secret}_FILE`),
  );
}
