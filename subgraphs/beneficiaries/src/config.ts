import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

/** Placeholder registration used outside production when none is configured. */
export const DEVELOPMENT_ANS_REGISTRATION = '000000';

export const beneficiariesEnv = z
  .object({
    ...commonEnv,
    PORT: commonEnv.PORT.default(4004),
    ...databaseEnv,
    ...kafkaEnv,
    ...gatewayTrustEnv,
    ...telemetryEnv,
    ANS_OPERATOR_REGISTRATION: z
      .string()
      .regex(/^\d{6}$/, 'must be the 6-digit ANS operator registration (registro ANS)')
      .optional()
      .describe('The operator registration sent in the cabecalho of ANS batches and used as the health card prefix.'),
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === 'production' && !env.ANS_OPERATOR_REGISTRATION) {
      context.addIssue({ code: 'custom', path: ['ANS_OPERATOR_REGISTRATION'], message: 'is required in production' });
    }
  })
  .transform((env) => ({
    ...env,
    ANS_OPERATOR_REGISTRATION: env.ANS_OPERATOR_REGISTRATION ?? DEVELOPMENT_ANS_REGISTRATION,
  }));

export type BeneficiariesConfig = z.output<typeof beneficiariesEnv>;

export const loadBeneficiariesConfig = (): Readonly<BeneficiariesConfig> => loadConfig(beneficiariesEnv);
