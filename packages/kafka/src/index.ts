export type {
  BusMessage,
  OutgoingMessage,
  BusProducer,
  BusConsumer,
  ConsumerOptions,
  MessageHandler,
  BatchHandler,
  MessageBus,
  TopicLag,
  PartitionOffset,
} from './bus.js';
export { createKafkaBus, type KafkaBusOptions } from './kafkajs-bus.js';
export { createInProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { renewingProducer } from './renewing-producer.js';
export { kafkajsSecurity, type KafkaSecurity } from './connection.js';
export { developmentTopicPolicy, topicConfigEntries, MissingTopicsError, type TopicPolicy } from './topic-policy.js';
export { kafkaBusOptions, kafkaSecurity, topicPolicy, type KafkaSettings } from './kafka-settings.js';
export { topicsEnv } from './topics.config.js';
export { readTopics, type TopicReader } from './topic-reader.js';
