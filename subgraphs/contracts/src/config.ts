import { z } from 'zod';
import { loadConfig, retryPolicyOf, retrySettings } from '@salesgraph/config';
import { subgraphEnv } from '@salesgraph/subgraph';

/** Used only outside production when SIGNATURE_CALLBACK_SECRET is unset, so `npm start` works as is. */
export const DEVELOPMENT_SIGNATURE_SECRET = 'development-only-local-signature-callback-secret';

const adobeSignRetry = retrySettings({ attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 });

/** Adobe Sign's settings, required when SIGNATURE_PROVIDER=adobe-sign (secrets directly or as `_FILE`). */
const adobeSignEnv = {
  ADOBE_SIGN_API_URL: z
    .url()
    .transform((url) => url.replace(/\/+$/, ''))
    .optional()
    .describe("The account's API access point, e.g. https://api.na1.adobesign.com"),
  ADOBE_SIGN_CLIENT_ID: z.string().min(1).optional(),
  ADOBE_SIGN_CLIENT_SECRET: z.string().min(1).optional(),
  ADOBE_SIGN_REFRESH_TOKEN: z.string().min(1).optional(),
  ADOBE_SIGN_RETRY_ATTEMPTS: adobeSignRetry.ATTEMPTS,
  ADOBE_SIGN_RETRY_BASE_MS: adobeSignRetry.BASE_MS,
  ADOBE_SIGN_RETRY_MAX_MS: adobeSignRetry.MAX_MS,
  ADOBE_SIGN_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** The operator printed as the first party on the contract document. */
  CONTRACT_OPERATOR_NAME: z.string().min(1).default('Salesgraph Saúde S.A.'),
};

export const contractsEnv = z
  .object({
    ...subgraphEnv(4003),
    SIGNATURE_PROVIDER: z.enum(['local', 'adobe-sign']).default('local'),
    SIGNATURE_CALLBACK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ...adobeSignEnv,
  })
  .superRefine((env, context) => {
    if (env.NODE_ENV === 'production' && !env.SIGNATURE_CALLBACK_SECRET) {
      context.addIssue({ code: 'custom', path: ['SIGNATURE_CALLBACK_SECRET'], message: 'is required in production' });
    }
    if (env.SIGNATURE_PROVIDER !== 'adobe-sign') return;
    const required = {
      ADOBE_SIGN_API_URL: env.ADOBE_SIGN_API_URL,
      ADOBE_SIGN_CLIENT_ID: env.ADOBE_SIGN_CLIENT_ID,
      ADOBE_SIGN_CLIENT_SECRET: env.ADOBE_SIGN_CLIENT_SECRET,
      ADOBE_SIGN_REFRESH_TOKEN: env.ADOBE_SIGN_REFRESH_TOKEN,
    };
    for (const [name, value] of Object.entries(required)) {
      if (!value)
        context.addIssue({
          code: 'custom',
          path: [name],
          message: `is required when SIGNATURE_PROVIDER=adobe-sign${name.endsWith('_ID') || name.endsWith('_URL') ? '' : ` (or ${name}_FILE)`}`,
        });
    }
  })
  .transform((env) => ({
    ...env,
    SIGNATURE_CALLBACK_SECRET: env.SIGNATURE_CALLBACK_SECRET ?? DEVELOPMENT_SIGNATURE_SECRET,
    adobeSign:
      env.SIGNATURE_PROVIDER === 'adobe-sign'
        ? {
            apiUrl: env.ADOBE_SIGN_API_URL!,
            clientId: env.ADOBE_SIGN_CLIENT_ID!,
            clientSecret: env.ADOBE_SIGN_CLIENT_SECRET!,
            refreshToken: env.ADOBE_SIGN_REFRESH_TOKEN!,
            retry: retryPolicyOf(env, 'ADOBE_SIGN_RETRY_'),
            timeoutMs: env.ADOBE_SIGN_TIMEOUT_MS,
          }
        : null,
  }));

export type ContractsConfig = z.output<typeof contractsEnv>;

export const loadContractsConfig = (): Readonly<ContractsConfig> => loadConfig(contractsEnv);
