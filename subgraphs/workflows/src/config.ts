import { z } from 'zod';
import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv, loadConfig } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

export const workflowsEnv = z.object({
  ...commonEnv,
  PORT: commonEnv.PORT.default(4005),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
  ...telemetryEnv,
  SLA_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('How often the SLA sweeper looks for open tasks past their due time.'),
  SLA_SWEEP_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(200)
    .describe('Most tasks one sweep transaction marks as breached.'),
});

export type WorkflowsConfig = z.output<typeof workflowsEnv>;

export const loadWorkflowsConfig = (): Readonly<WorkflowsConfig> => loadConfig(workflowsEnv);
