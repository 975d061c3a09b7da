import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { testKafkaBrokers, uniqueName, waitFor } from '@salesgraph/testkit';
import { createKafkaBus } from './kafkajs-bus.js';

/**
 * kafkajs gives up on a consumer after a crash it does not consider retriable (its CRASH event
 * says restart: false) and never consumes again. Ours starts a fresh consumer from the
 * committed offsets instead: the message in hand is delivered again and the stream goes on.
 */
describe('the kafkajs bus after a crash kafkajs does not restart from', () => {
  it('starts consuming again from the committed offsets', async () => {
    const logs: string[] = [];
    const bus = createKafkaBus({
      brokers: [testKafkaBrokers()],
      clientId: 'restart-test',
      namespace: uniqueName('restart'),
      onLog: (_, message) => logs.push(message),
    });
    const topic = 'orders';
    await bus.ensureTopics([topic]);
    const producer = await bus.producer();
    await producer.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: String(i) })),
    );
    const seen: string[] = [];
    let crashed = false;
    const consumer = await bus.consumer({ groupId: uniqueName('g'), topics: [topic], fromBeginning: true });
    await consumer.run(async (message) => {
      const value = message.value!.toString('utf8');
      if (value === '5' && !crashed) {
        crashed = true;
        throw new kafkajs.KafkaJSNonRetriableError('a failure kafkajs will not restart from');
      }
      seen.push(value);
    });
    await producer.send(topic, [{ key: 'k', value: '10' }]);
    await waitFor(() => seen.includes('10'), { description: 'the message sent after the crash', timeoutMs: 60_000 });
    assert.ok(crashed, 'the consumer crashed once');
    assert.ok(
      logs.some((line) => line.includes('crashed') && line.includes('starting it again')),
      logs.join('\n'),
    );
    assert.deepEqual(
      [...new Set(seen)].map(Number).sort((a, b) => a - b),
      Array.from({ length: 11 }, (_, i) => i),
      'every message, the one in hand at the crash included',
    );
    await consumer.stop();
    await producer.disconnect();
    await bus.close();
  });
});
