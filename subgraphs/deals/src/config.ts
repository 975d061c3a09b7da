import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';

export const dealsEnv = z.object({
  ...commonEnv,
  PORT: commonEnv.PORT.default(4002),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
});

export type DealsConfig = z.output<typeof dealsEnv>;

export const loadDealsConfig = (): Readonly<DealsConfig> => loadConfig(dealsEnv);
