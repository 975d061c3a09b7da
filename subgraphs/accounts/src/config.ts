import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

export const accountsEnv = z.object({
  ...commonEnv,
  PORT: commonEnv.PORT.default(4001),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
  ...telemetryEnv,
});

export type AccountsConfig = z.output<typeof accountsEnv>;

export const loadAccountsConfig = (): Readonly<AccountsConfig> => loadConfig(accountsEnv);
