import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BusProducer, MessageBus } from './bus.js';
import { renewingProducer } from './renewing-producer.js';

/** A bus whose producers fail their sends while `failing` is set, recording what happened. */
function fakeBus() {
  const log: string[] = [];
  let created = 0;
  const state = { failing: true };
  const bus = {
    async producer(): Promise<BusProducer> {
      const id = ++created;
      log.push(`create ${id}`);
      return {
        async send(topic) {
          if (state.failing) throw new Error('The broker received an out of order sequence number');
          log.push(`send ${id} ${topic}`);
        },
        async disconnect() {
          log.push(`disconnect ${id}`);
        },
      };
    },
  } as unknown as MessageBus;
  return { bus, log, state };
}

describe('the relay producer', () => {
  it('replaces a producer whose send failed, and keeps a healthy one', async () => {
    const { bus, log, state } = fakeBus();
    const producer = renewingProducer(bus);
    await assert.rejects(producer.send('t', [{ key: 'k', value: 'v' }]), /out of order sequence/);
    state.failing = false;
    await producer.send('t', [{ key: 'k', value: 'v' }]);
    await producer.send('u', [{ key: 'k', value: 'v' }]);
    await producer.disconnect();
    assert.deepEqual(log, ['create 1', 'disconnect 1', 'create 2', 'send 2 t', 'send 2 u', 'disconnect 2']);
  });

  it('tries a new producer on the next send when creating one failed', async () => {
    let attempts = 0;
    const bus = {
      producer: async () => {
        attempts++;
        throw new Error('connect ECONNREFUSED');
      },
    } as unknown as MessageBus;
    const producer = renewingProducer(bus);
    await assert.rejects(producer.send('t', []), /ECONNREFUSED/);
    await assert.rejects(producer.send('t', []), /ECONNREFUSED/);
    assert.equal(attempts, 2);
    await producer.disconnect();
  });
});
