import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

/** Used only outside production when SIGNATURE_CALLBACK_SECRET is unset, so `npm start` works as is. */
export const DEVELOPMENT_SIGNATURE_SECRET = 'development-only-local-signature-callback-secret';

export const contractsEnv = z
  .object({
    ...commonEnv,
    PORT: commonEnv.PORT.default(4003),
    ...databaseEnv,
    ...kafkaEnv,
    ...gatewayTrustEnv,
    ...telemetryEnv,
    SIGNATURE_PROVIDER: z
      .enum(['local'])
      .default('local')
      .describe('Adobe Sign (`adobe-sign`) is an interface stub, not implemented yet.'),
    SIGNATURE_CALLBACK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === 'production' && !env.SIGNATURE_CALLBACK_SECRET) {
      context.addIssue({ code: 'custom', path: ['SIGNATURE_CALLBACK_SECRET'], message: 'is required in production' });
    }
  })
  .transform((env) => ({
    ...env,
    SIGNATURE_CALLBACK_SECRET: env.SIGNATURE_CALLBACK_SECRET ?? DEVELOPMENT_SIGNATURE_SECRET,
  }));

export type ContractsConfig = z.output<typeof contractsEnv>;

export const loadContractsConfig = (): Readonly<ContractsConfig> => loadConfig(contractsEnv);
