import { z } from 'zod';
import { commonEnv, kafkaEnv, kafkaSecurityEnv, kafkaTopicEnv } from '@salesgraph/config';

/** The environment of topics.cli.ts: where the brokers are, how to reach them, the topic policy. */
export const topicsEnv = z.object({
  NODE_ENV: commonEnv.NODE_ENV,
  KAFKA_BROKERS: kafkaEnv.KAFKA_BROKERS,
  KAFKA_NAMESPACE: kafkaEnv.KAFKA_NAMESPACE,
  ...kafkaSecurityEnv,
  ...kafkaTopicEnv,
});
