import { testKafkaBrokers } from '@salesgraph/testkit';
import { messageBusContract } from './bus.contract.js';
import { createKafkaBus } from './kafkajs-bus.js';

messageBusContract('kafkajs on the real Kafka broker', (namespace) =>
  createKafkaBus({ brokers: [testKafkaBrokers()], clientId: 'bus-contract-test', namespace }),
);
