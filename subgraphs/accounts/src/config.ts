import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';

export const accountsEnv = z.object({
  ...commonEnv,
  PORT: commonEnv.PORT.default(4001),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
});

export type AccountsConfig = z.output<typeof accountsEnv>;

export const loadAccountsConfig = (): Readonly<AccountsConfig> => loadConfig(accountsEnv);
