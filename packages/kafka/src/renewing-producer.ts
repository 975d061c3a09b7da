import type { BusProducer, MessageBus, OutgoingMessage } from './bus.js';

/**
 * A producer for the outbox relay that replaces its underlying producer after any failed send.
 * An idempotent producer can be wedged for good by a broker restart: the broker answers every
 * later batch with OUT_OF_ORDER_SEQUENCE_NUMBER (seen in broker-restart.e2e), and kafkajs keeps
 * the same producer id and sequence. A fresh producer gets a new id, so the relay's next pass
 * publishes again. Safe because the relay re-sends from its first unmarked row, in order, and
 * consumers drop what they already applied (event id, aggregate version).
 */
export function renewingProducer(bus: MessageBus): BusProducer {
  let current: Promise<BusProducer> | null = null;
  const producer = () => {
    const pending = (current ??= bus.producer());
    pending.catch(() => {
      if (current === pending) current = null;
    });
    return pending;
  };
  return {
    async send(topic: string, messages: readonly OutgoingMessage[]) {
      const used = producer();
      try {
        await (await used).send(topic, messages);
      } catch (error) {
        if (current === used) current = null;
        await used.then((failed) => failed.disconnect()).catch(() => undefined);
        throw error;
      }
    },
    async disconnect() {
      const last = current;
      current = null;
      if (last) await last.then((open) => open.disconnect()).catch(() => undefined);
    },
  };
}
