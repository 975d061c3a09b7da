import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import type { BusMessage, MessageBus } from './bus.js';

/**
 * The behaviour every MessageBus implementation must have. Run against the kafkajs bus on
 * the real broker (kafkajs-bus.int.ts) and against the in-process bus alike.
 */
export function messageBusContract(implementation: string, makeBus: (namespace: string) => MessageBus): void {
  describe(`MessageBus contract: ${implementation}`, () => {
    let bus: MessageBus;

    before(() => {
      bus = makeBus(uniqueName('contract'));
    });

    after(async () => {
      await bus.close();
    });

    it('delivers every message of a key in the order it was sent, with key, value and headers', async () => {
      const topic = uniqueName('orders');
      await bus.ensureTopics([topic]);
      const producer = await bus.producer();
      const received: BusMessage[] = [];
      const consumer = await bus.consumer({ groupId: uniqueName('g'), topics: [topic], fromBeginning: true });
      await consumer.run(async (message) => {
        received.push(message);
      });
      for (let i = 0; i < 20; i++)
        await producer.send(topic, [{ key: `k${i % 3}`, value: `m${i}`, headers: { seq: String(i) } }]);
      await waitFor(() => received.length === 20, { description: '20 messages' });
      for (const key of ['k0', 'k1', 'k2']) {
        const sequence = received.filter((m) => m.key === key).map((m) => Number(m.headers['seq']));
        assert.deepEqual(
          sequence,
          [...sequence].sort((a, b) => a - b),
        );
      }
      assert.equal(received[0]!.topic, topic);
      assert.equal(received.find((m) => m.headers['seq'] === '5')!.value!.toString('utf8'), 'm5');
      await consumer.stop();
      await producer.disconnect();
    });

    it('resumes a group after the last handled message and reports zero lag', async () => {
      const topic = uniqueName('resume');
      const groupId = uniqueName('g');
      await bus.ensureTopics([topic]);
      const producer = await bus.producer();
      await producer.send(
        topic,
        [1, 2, 3].map((i) => ({ key: 'k', value: `a${i}` })),
      );
      const first: string[] = [];
      let consumer = await bus.consumer({ groupId, topics: [topic], fromBeginning: true });
      await consumer.run(async (m) => {
        first.push(m.value!.toString('utf8'));
      });
      await waitFor(() => first.length === 3, { description: 'the first three' });
      await consumer.stop();
      await producer.send(
        topic,
        [4, 5].map((i) => ({ key: 'k', value: `a${i}` })),
      );
      const second: string[] = [];
      consumer = await bus.consumer({ groupId, topics: [topic], fromBeginning: true });
      await consumer.run(async (m) => {
        second.push(m.value!.toString('utf8'));
      });
      await waitFor(() => second.length === 2, { description: 'the two new messages' });
      assert.deepEqual(second, ['a4', 'a5']);
      await waitFor(async () => (await bus.lag(groupId, [topic])).every((entry) => entry.lag === 0), {
        description: 'zero lag',
      });
      await consumer.stop();
      await producer.disconnect();
    });

    it('redelivers a message whose handler failed, after a restart of the consumer', async () => {
      const topic = uniqueName('redeliver');
      const groupId = uniqueName('g');
      await bus.ensureTopics([topic]);
      const producer = await bus.producer();
      await producer.send(topic, [{ key: 'k', value: 'fragile' }]);
      let attempts = 0;
      const failing = await bus.consumer({ groupId, topics: [topic], fromBeginning: true });
      await failing.run(async () => {
        attempts++;
        throw new Error('handler failed');
      });
      await waitFor(() => attempts >= 1, { description: 'one failed attempt' });
      await failing.stop();
      const seen: string[] = [];
      const healthy = await bus.consumer({ groupId, topics: [topic], fromBeginning: true });
      await healthy.run(async (m) => {
        seen.push(m.value!.toString('utf8'));
      });
      await waitFor(() => seen.length === 1, { description: 'the redelivered message' });
      assert.deepEqual(seen, ['fragile']);
      await healthy.stop();
      await producer.disconnect();
    });

    it('hands over batches of one partition in offset order, at most maxBatch long, and redelivers a failed batch whole', async () => {
      const topic = uniqueName('batches');
      await bus.ensureTopics([topic]);
      const producer = await bus.producer();
      await producer.send(
        topic,
        Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 4}`, value: String(i) })),
      );
      const applied: string[] = [];
      const sizes: number[] = [];
      let failedOnce = false;
      const consumer = await bus.consumer({ groupId: uniqueName('g'), topics: [topic], fromBeginning: true });
      await consumer.runBatches(
        async (messages) => {
          assert.ok(
            messages.every((m) => m.partition === messages[0]!.partition),
            'one partition per batch',
          );
          const offsets = messages.map((m) => Number(m.offset));
          assert.deepEqual(
            offsets,
            offsets.map((_, i) => offsets[0]! + i),
            'consecutive offsets',
          );
          if (!failedOnce && messages.some((m) => m.value!.toString('utf8') === '17')) {
            failedOnce = true;
            throw new Error('this batch fails once');
          }
          sizes.push(messages.length);
          applied.push(...messages.map((m) => m.value!.toString('utf8')));
        },
        { maxBatch: 4 },
      );
      await waitFor(() => applied.length >= 30, { description: 'all 30 messages applied' });
      assert.ok(failedOnce);
      assert.deepEqual(
        [...applied].sort((a, b) => Number(a) - Number(b)),
        Array.from({ length: 30 }, (_, i) => String(i)),
        'each message applied once',
      );
      assert.ok(
        sizes.every((size) => size >= 1 && size <= 4),
        `batch sizes ${sizes.join(',')}`,
      );
      for (const key of ['k0', 'k1', 'k2', 'k3']) {
        const sequence = applied.map(Number).filter((i) => `k${i % 4}` === key);
        assert.deepEqual(
          sequence,
          [...sequence].sort((a, b) => a - b),
          `order of ${key}`,
        );
      }
      await consumer.stop();
      await producer.disconnect();
    });

    it('starts a new group that does not read from the beginning at the end, and delivers what comes after', async () => {
      const topic = uniqueName('latest');
      await bus.ensureTopics([topic]);
      const producer = await bus.producer();
      await producer.send(topic, [{ key: 'k', value: 'before' }]);
      const seen: string[] = [];
      const consumer = await bus.consumer({ groupId: uniqueName('g'), topics: [topic], fromBeginning: false });
      await consumer.run(async (m) => {
        seen.push(m.value!.toString('utf8'));
      });
      // Kafka resolves "the end" once the group has joined: keep sending until one arrives.
      await waitFor(
        async () => {
          await producer.send(topic, [{ key: 'k', value: 'after' }]);
          return seen.length > 0;
        },
        { description: 'a message sent after the consumer started', intervalMs: 200, timeoutMs: 60_000 },
      );
      assert.ok(
        seen.every((value) => value === 'after'),
        `received ${seen.join(', ')}`,
      );
      await consumer.stop();
      await producer.disconnect();
    });

    it('starts a new group exactly at the end offsets read before, with nothing written in between skipped', async () => {
      const topic = uniqueName('start-at');
      await bus.ensureTopics([topic]);
      const producer = await bus.producer();
      await producer.send(topic, [{ key: 'k', value: 'before' }]);
      const ends = await bus.endOffsets([topic]);
      assert.equal(
        ends.reduce((sum, end) => sum + Number(end.offset), 0),
        1,
        'one message in the topic',
      );
      await producer.send(topic, [{ key: 'k', value: 'between' }]);
      const seen: { value: string; partition: number; offset: string }[] = [];
      const consumer = await bus.consumer({
        groupId: uniqueName('g'),
        topics: [topic],
        fromBeginning: false,
        startAt: ends,
      });
      await consumer.run(async (m) => {
        seen.push({ value: m.value!.toString('utf8'), partition: m.partition, offset: m.offset });
      });
      await producer.send(topic, [{ key: 'k', value: 'after' }]);
      await waitFor(() => seen.length >= 2, { description: 'the two messages after the end offsets' });
      assert.deepEqual(
        seen.map((m) => m.value),
        ['between', 'after'],
      );
      const start = ends.find((end) => end.partition === seen[0]!.partition)!;
      assert.equal(seen[0]!.offset, start.offset, 'the first message is at the start offset');
      await consumer.stop();
      await producer.disconnect();
    });

    it('replays a group from the beginning after resetGroup', async () => {
      const topic = uniqueName('replay');
      const groupId = uniqueName('g');
      await bus.ensureTopics([topic]);
      const producer = await bus.producer();
      await producer.send(topic, [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ]);
      const seen: string[] = [];
      let consumer = await bus.consumer({ groupId, topics: [topic], fromBeginning: true });
      await consumer.run(async (m) => {
        seen.push(m.value!.toString('utf8'));
      });
      await waitFor(() => seen.length === 2, { description: 'two messages' });
      await consumer.stop();
      await bus.resetGroup(groupId, [topic]);
      consumer = await bus.consumer({ groupId, topics: [topic], fromBeginning: true });
      await consumer.run(async (m) => {
        seen.push(m.value!.toString('utf8'));
      });
      await waitFor(() => seen.length === 4, { description: 'the replay' });
      assert.deepEqual([...seen].sort(), ['1', '1', '2', '2']);
      await consumer.stop();
      await producer.disconnect();
    });
  });
}
