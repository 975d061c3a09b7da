import type { Admin, Consumer } from 'kafkajs';
import type { PartitionOffset } from './bus.js';

/**
 * `ConsumerOptions.startAt` on kafkajs, for a group of one consumer (the gateway's group per
 * process): the partitions the group had no committed offset for when the consumer was created
 * are sought to their start offset each time the consumer joins (before its first fetch), until
 * an offset of theirs is committed. No extra group join, unlike the admin's setOffsets.
 */
export class StartOffsets {
  /** Physical topic -> partition -> the offset to start at. */
  private readonly pending = new Map<string, Map<number, string>>();

  static async read(
    admin: Admin,
    groupId: string,
    startAt: readonly PartitionOffset[],
    physical: (topic: string) => string,
  ): Promise<StartOffsets> {
    const starts = new StartOffsets();
    for (const topic of new Set(startAt.map((entry) => entry.topic))) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [physical(topic)] });
      const partitions = new Map<number, string>();
      for (const { partition, offset } of startAt.filter((entry) => entry.topic === topic)) {
        const current = committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1';
        if (BigInt(current) < 0n) partitions.set(partition, offset);
      }
      starts.pending.set(physical(topic), partitions);
    }
    return starts;
  }

  /** Seeks `consumer` to the start of each assigned partition not committed yet, whenever it joins its group. */
  seekOnJoin(consumer: Consumer): void {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const [topic, partitions] of Object.entries(payload.memberAssignment))
        for (const partition of partitions) {
          const offset = this.pending.get(topic)?.get(partition);
          if (offset !== undefined) consumer.seek({ topic, partition, offset });
        }
    });
  }

  /** An offset of the partition was committed: from now on the group resumes from there. */
  committed(topic: string, partition: number): void {
    this.pending.get(topic)?.delete(partition);
  }
}
