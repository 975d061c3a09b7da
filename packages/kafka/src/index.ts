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
} from './bus.js';
export { createKafkaBus, type KafkaBusOptions } from './kafkajs-bus.js';
export { createInProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { renewingProducer } from './renewing-producer.js';
