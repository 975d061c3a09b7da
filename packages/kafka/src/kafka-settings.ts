import type { KafkaBusOptions } from './kafkajs-bus.js';
import type { KafkaSecurity } from './connection.js';
import type { TopicPolicy } from './topic-policy.js';

/** The Kafka part of a service's parsed config (packages/config kafkaEnv / kafkaSecurityEnv / kafkaTopicEnv). */
export interface KafkaSettings {
  readonly NODE_ENV?: string;
  readonly KAFKA_BROKERS: readonly string[];
  readonly KAFKA_NAMESPACE?: string | undefined;
  readonly KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
  readonly KAFKA_SASL_USERNAME?: string | undefined;
  readonly KAFKA_SASL_PASSWORD?: string | undefined;
  readonly KAFKA_TLS?: boolean;
  readonly KAFKA_TLS_CA_FILE?: string | undefined;
  readonly KAFKA_TLS_CERT_FILE?: string | undefined;
  readonly KAFKA_TLS_KEY_FILE?: string | undefined;
  readonly KAFKA_TOPICS_CREATE?: boolean | undefined;
  readonly KAFKA_TOPIC_PARTITIONS?: number;
  readonly KAFKA_TOPIC_REPLICATION_FACTOR?: number;
  readonly KAFKA_TOPIC_MIN_INSYNC_REPLICAS?: number | undefined;
  readonly KAFKA_TOPIC_RETENTION_MS?: number | undefined;
  readonly KAFKA_DLQ_RETENTION_MS?: number | undefined;
}

export function kafkaSecurity(settings: KafkaSettings): KafkaSecurity {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = settings;
  if (mechanism && (!username || !password))
    throw new Error('KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or their _FILE)');
  const files = {
    caFile: settings.KAFKA_TLS_CA_FILE,
    certFile: settings.KAFKA_TLS_CERT_FILE,
    keyFile: settings.KAFKA_TLS_KEY_FILE,
  };
  const anyFile = Object.values(files).some(Boolean);
  return {
    ...(mechanism && username && password ? { sasl: { mechanism, username, password } } : {}),
    ...(settings.KAFKA_TLS || anyFile
      ? {
          tls: anyFile
            ? {
                ...(files.caFile ? { caFile: files.caFile } : {}),
                ...(files.certFile ? { certFile: files.certFile } : {}),
                ...(files.keyFile ? { keyFile: files.keyFile } : {}),
              }
            : true,
        }
      : {}),
  };
}

export function topicPolicy(settings: KafkaSettings): TopicPolicy {
  return {
    create: settings.KAFKA_TOPICS_CREATE ?? settings.NODE_ENV !== 'production',
    partitions: settings.KAFKA_TOPIC_PARTITIONS ?? 3,
    replicationFactor: settings.KAFKA_TOPIC_REPLICATION_FACTOR ?? 1,
    minInsyncReplicas: settings.KAFKA_TOPIC_MIN_INSYNC_REPLICAS,
    retentionMs: settings.KAFKA_TOPIC_RETENTION_MS,
    dlqRetentionMs: settings.KAFKA_DLQ_RETENTION_MS,
  };
}

/** The one way a service builds its Kafka client options from its config: brokers, namespace, SASL/TLS, topic policy. */
export function kafkaBusOptions(
  settings: KafkaSettings,
  client: Pick<KafkaBusOptions, 'clientId' | 'onLog'>,
): KafkaBusOptions {
  return {
    ...client,
    brokers: settings.KAFKA_BROKERS,
    namespace: settings.KAFKA_NAMESPACE,
    security: kafkaSecurity(settings),
    topicPolicy: topicPolicy(settings),
  };
}
