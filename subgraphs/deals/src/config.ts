import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

export const dealsEnv = z.object({
  ...commonEnv,
  PORT: commonEnv.PORT.default(4002),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
  ...telemetryEnv,
});

export type DealsConfig = z.output<typeof dealsEnv>;

export const loadDealsConfig = (): Readonly<DealsConfig> => loadConfig(dealsEnv);
