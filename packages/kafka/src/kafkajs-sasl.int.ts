import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { throwawayBroker, uniqueName, type ThrowawayBroker } from '@salesgraph/testkit';
import { messageBusContract } from './bus.contract.js';
import { createKafkaBus } from './kafkajs-bus.js';
import type { MessageBus } from './bus.js';

const users = [
  { name: 'salesgraph-scram', password: `scram-${uniqueName('pw')}` },
  { name: 'salesgraph-plain', password: `plain-${uniqueName('pw')}` },
];

/**
 * Kafka over SASL (issue 16): the project's broker (docker/kafka/kafka.mjs) with a
 * SASL_PLAINTEXT listener and SCRAM users, on ports of its own — never the shared broker. The bus
 * contract suite runs against it with SCRAM-SHA-512 and with PLAIN; topics follow the declared policy.
 */
describe('the kafkajs bus over SASL on a broker of its own', () => {
  let broker: ThrowawayBroker;

  before(async () => {
    broker = await throwawayBroker({ saslUsers: users });
    await broker.start();
  });

  after(async () => {
    await broker?.remove();
  });

  for (const [mechanism, user] of [
    ['scram-sha-512', users[0]!],
    ['plain', users[1]!],
  ] as const) {
    messageBusContract(`kafkajs with SASL ${mechanism.toUpperCase()}`, (namespace) =>
      createKafkaBus({
        brokers: [broker.saslBrokers!],
        clientId: `sasl-${mechanism}`,
        namespace,
        security: { sasl: { mechanism, username: user.name, password: user.password } },
      }),
    );
  }

  it('refuses a wrong password, without the password in the error', async () => {
    const wrong = `wrong-${uniqueName('pw')}`;
    const bus = createKafkaBus({
      brokers: [broker.saslBrokers!],
      clientId: 'sasl-wrong',
      security: { sasl: { mechanism: 'scram-sha-512', username: users[0]!.name, password: wrong } },
    });
    try {
      await assert.rejects(
        () => bus.ensureTopics([uniqueName('never')]),
        (error: Error) => {
          assert.match(error.message, /SASL|authentication/i);
          assert.ok(!error.message.includes(wrong) && !JSON.stringify(error).includes(wrong));
          return true;
        },
      );
    } finally {
      await bus.close();
    }
  });

  it('creates topics with the declared policy: partitions, min ISR and retention, dead letters apart', async () => {
    const policy = {
      create: true,
      partitions: 2,
      replicationFactor: 1,
      minInsyncReplicas: 1,
      retentionMs: 3_600_000,
      dlqRetentionMs: 7_200_000,
    };
    const namespace = uniqueName('policy');
    const bus: MessageBus = createKafkaBus({
      brokers: [broker.saslBrokers!],
      clientId: 'sasl-policy',
      namespace,
      security: { sasl: { mechanism: 'scram-sha-512', username: users[0]!.name, password: users[0]!.password } },
      topicPolicy: policy,
    });
    const admin = new kafkajs.Kafka({ brokers: [broker.brokers], logLevel: kafkajs.logLevel.NOTHING }).admin();
    try {
      const topic = uniqueName('orders');
      await bus.ensureTopics([topic, `${topic}.dlq`]);
      await admin.connect();
      const physical = [`${namespace}.${topic}`, `${namespace}.${topic}.dlq`];
      const metadata = await admin.fetchTopicMetadata({ topics: physical });
      assert.deepEqual(
        metadata.topics.map((entry) => entry.partitions.length),
        [2, 2],
      );
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: physical.map((name) => ({ type: kafkajs.ConfigResourceTypes.TOPIC, name })),
      });
      const value = (name: string, key: string) =>
        resources.find((resource) => resource.resourceName === name)?.configEntries.find((e) => e.configName === key)
          ?.configValue;
      assert.equal(value(physical[0]!, 'retention.ms'), '3600000');
      assert.equal(value(physical[1]!, 'retention.ms'), '7200000');
      assert.equal(value(physical[0]!, 'min.insync.replicas'), '1');

      const strict = createKafkaBus({
        brokers: [broker.brokers],
        clientId: 'policy-production',
        namespace,
        topicPolicy: { ...policy, create: false },
      });
      try {
        await assert.rejects(() => strict.ensureTopics([topic, 'not-created']), /Kafka topics missing: .*not-created/);
      } finally {
        await strict.close();
      }
    } finally {
      await admin.disconnect();
      await bus.close();
    }
  });
});
