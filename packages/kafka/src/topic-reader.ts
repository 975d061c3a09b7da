import type { BusMessage, MessageBus } from './bus.js';

/** What a consumer group of its own reads from some topics: every message, in arrival order. */
export interface TopicReader {
  readonly messages: BusMessage[];
  stop(): Promise<void>;
}

/** Reads `topics` from the beginning as `groupId` (tests: what was published, the dead letters). */
export async function readTopics(bus: MessageBus, topics: readonly string[], groupId: string): Promise<TopicReader> {
  const consumer = await bus.consumer({ groupId, topics, fromBeginning: true });
  const messages: BusMessage[] = [];
  await consumer.run(async (message) => {
    messages.push(message);
  });
  return { messages, stop: () => consumer.stop() };
}
