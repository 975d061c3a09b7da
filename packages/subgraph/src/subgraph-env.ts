import { commonEnv, databaseEnv, gatewayTrustEnv, kafkaEnv } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

/**
 * The environment every subgraph reads (its README's table: process, database, Kafka, gateway
 * trust, telemetry), PORT defaulting to the subgraph's own; a subgraph spreads it and adds its own.
 */
export const subgraphEnv = (defaultPort: number) => ({
  ...commonEnv,
  PORT: commonEnv.PORT.default(defaultPort),
  ...databaseEnv,
  ...kafkaEnv,
  ...gatewayTrustEnv,
  ...telemetryEnv,
});
