import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

export const intakeEnv = z.object({
  ...commonEnv,
  PORT: commonEnv.PORT.default(4006),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
  ...telemetryEnv,
});

export type IntakeConfig = z.output<typeof intakeEnv>;

export const loadIntakeConfig = (): Readonly<IntakeConfig> => loadConfig(intakeEnv);
