import { z } from 'zod';
import { loadConfig, retryPolicyOf, retrySettings } from '@salesgraph/config';
import { subgraphEnv } from '@salesgraph/subgraph';

const ansRetry = retrySettings({ attempts: 4, baseDelayMs: 1_000, maxDelayMs: 60_000 });

/** ANS transmission settings (README: ANS transmission). Secrets directly or as `_FILE`. */
const ansEnv = {
  ANS_OPERATOR_REGISTRATION: z
    .string()
    .regex(/^\d{6}$/, 'must be the 6-digit ANS operator registration (registro ANS)')
    .refine((value) => value !== '000000', '000000 is not an ANS registration')
    .describe('The operator registration sent in the cabecalho of ANS batches and used as the health card prefix.'),
  ANS_TRANSPORT: z.enum(['none', 'soap', 'file-drop']).default('none'),
  ANS_SOAP_URL: z.url().optional(),
  /** PEM of the root(s) to trust for the regulator's server (`ANS_SOAP_CA_FILE`: its path). */
  ANS_SOAP_CA: z.string().min(1).optional(),
  ANS_FILE_DROP_DIR: z.string().min(1).optional(),
  ANS_SIGNING_KEY: z.string().min(1).optional(),
  ANS_SIGNING_CERT: z.string().min(1).optional(),
  ANS_RETRY_ATTEMPTS: ansRetry.ATTEMPTS,
  ANS_RETRY_BASE_MS: ansRetry.BASE_MS,
  ANS_RETRY_MAX_MS: ansRetry.MAX_MS,
  ANS_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  ANS_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(60_000),
};

export const beneficiariesEnv = z
  .object({
    ...subgraphEnv(4004),
    ...ansEnv,
  })
  .superRefine((env, context) => {
    const missing = (path: string, why: string) => context.addIssue({ code: 'custom', path: [path], message: why });
    if (env.ANS_TRANSPORT === 'none') return;
    if (!env.ANS_SIGNING_KEY) missing('ANS_SIGNING_KEY', 'is required with an ANS transport (or ANS_SIGNING_KEY_FILE)');
    if (!env.ANS_SIGNING_CERT)
      missing('ANS_SIGNING_CERT', 'is required with an ANS transport (or ANS_SIGNING_CERT_FILE)');
    if (env.ANS_TRANSPORT === 'soap' && !env.ANS_SOAP_URL)
      missing('ANS_SOAP_URL', 'is required with ANS_TRANSPORT=soap');
    if (env.ANS_TRANSPORT === 'file-drop' && !env.ANS_FILE_DROP_DIR)
      missing('ANS_FILE_DROP_DIR', 'is required with ANS_TRANSPORT=file-drop');
  })
  .transform((env) => ({
    ...env,
    ans:
      env.ANS_TRANSPORT === 'none'
        ? null
        : {
            transport: env.ANS_TRANSPORT,
            soapUrl: env.ANS_SOAP_URL,
            soapCaPem: env.ANS_SOAP_CA,
            fileDropDir: env.ANS_FILE_DROP_DIR,
            certificate: {
              privateKeyPem: env.ANS_SIGNING_KEY!,
              certificatePem: env.ANS_SIGNING_CERT!,
            },
            retry: retryPolicyOf(env, 'ANS_RETRY_'),
            timeoutMs: env.ANS_TIMEOUT_MS,
            pollIntervalMs: env.ANS_POLL_INTERVAL_MS,
          },
  }));

export type BeneficiariesConfig = z.output<typeof beneficiariesEnv>;

export const loadBeneficiariesConfig = (): Readonly<BeneficiariesConfig> => loadConfig(beneficiariesEnv);
