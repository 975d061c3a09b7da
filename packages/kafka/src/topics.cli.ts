import { loadConfig } from '@salesgraph/config';
import { allTopics } from '@salesgraph/events';
import { createKafkaBus } from './kafkajs-bus.js';
import { kafkaBusOptions } from './kafka-settings.js';
import { topicsEnv } from './topics.config.js';

const usage = `Usage: node packages/kafka/dist/topics.cli.js create

Creates every topic of the graph (packages/events: each event topic and its .dlq) that does not
exist yet, with the topic policy of the environment (KAFKA_TOPIC_PARTITIONS, _REPLICATION_FACTOR,
_MIN_INSYNC_REPLICAS, _RETENTION_MS, KAFKA_DLQ_RETENTION_MS). What the platform does in
production (Strimzi KafkaTopic resources, deploy/k8s/kafka-topics.yaml); the compose file runs it once.`;

const [command] = process.argv.slice(2);
if (command !== 'create') {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}
const config = loadConfig(topicsEnv);
const options = kafkaBusOptions(config, { clientId: 'salesgraph-topics' });
const bus = createKafkaBus({ ...options, topicPolicy: { ...options.topicPolicy!, create: true } });
try {
  await bus.ensureTopics(allTopics);
  process.stdout.write(`topics: ${allTopics.length} present (${allTopics.join(', ')})\n`);
} catch (error) {
  process.stderr.write(`topics: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await bus.close();
}
