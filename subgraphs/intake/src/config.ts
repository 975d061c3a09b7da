import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';

export const intakeEnv = z.object({
  ...commonEnv,
  PORT: commonEnv.PORT.default(4006),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
});

export type IntakeConfig = z.output<typeof intakeEnv>;

export const loadIntakeConfig = (): Readonly<IntakeConfig> => loadConfig(intakeEnv);
