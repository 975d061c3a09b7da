/**
 * How topics are laid out: declared once (config KAFKA_TOPIC_*), the same values the platform
 * uses for its KafkaTopic resources (deploy/k8s/kafka-topics.yaml), never hard-coded at call sites.
 */
export interface TopicPolicy {
  /**
   * Create missing topics (development, tests, compose). Off in production: topics exist,
   * created by the platform, and a missing one is an error naming it.
   */
  readonly create: boolean;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas?: number | undefined;
  /** retention.ms of event topics; of dead-letter topics (`<topic>.dlq`). Broker default when unset. */
  readonly retentionMs?: number | undefined;
  readonly dlqRetentionMs?: number | undefined;
}

/** Development and tests: one broker, three partitions, created on first use. */
export const developmentTopicPolicy: TopicPolicy = { create: true, partitions: 3, replicationFactor: 1 };

/** The topic-level configuration entries of one topic under the policy. */
export function topicConfigEntries(policy: TopicPolicy, topic: string): { name: string; value: string }[] {
  const entries: { name: string; value: string }[] = [];
  if (policy.minInsyncReplicas !== undefined)
    entries.push({ name: 'min.insync.replicas', value: String(policy.minInsyncReplicas) });
  const retention = topic.endsWith('.dlq') ? policy.dlqRetentionMs : policy.retentionMs;
  if (retention !== undefined) entries.push({ name: 'retention.ms', value: String(retention) });
  return entries;
}

/** Thrown when production expects topics the platform has not created (yet). */
export class MissingTopicsError extends Error {
  constructor(readonly topics: readonly string[]) {
    super(
      `Kafka topics missing: ${topics.join(', ')} (KAFKA_TOPICS_CREATE is off: the platform creates topics, see deploy/k8s/kafka-topics.yaml)`,
    );
    this.name = 'MissingTopicsError';
  }
}
