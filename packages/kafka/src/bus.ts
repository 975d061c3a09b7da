/**
 * Our own small messaging interface. The services depend on this, never on kafkajs,
 * so the broker client can be replaced (the in-process bus implements it too).
 */
export interface BusMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface BusProducer {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Handles one message. Resolving means "applied": the offset may then be committed. */
export type MessageHandler = (message: BusMessage) => Promise<void>;

/**
 * Handles consecutive messages of ONE partition, in offset order. Resolving means all of them
 * were applied (their offsets may be committed); rejecting redelivers all of them.
 */
export type BatchHandler = (messages: readonly BusMessage[]) => Promise<void>;

/** A position in one partition of a topic: the offset of the next message there. */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group without committed offsets starts. */
  readonly fromBeginning?: boolean;
  /**
   * Where a group without committed offsets starts, exactly, per partition (`endOffsets` read
   * before): unlike `fromBeginning: false`, which starts wherever the log ends once the group
   * has joined, nothing written in between is skipped. Partitions not named follow `fromBeginning`.
   */
  readonly startAt?: readonly PartitionOffset[];
}

export interface BusConsumer {
  /** Starts delivering; messages of one partition are handled one at a time, in order. */
  run(handler: MessageHandler): Promise<void>;
  /** Starts delivering batches of up to `maxBatch` messages of one partition, in order. */
  runBatches(handler: BatchHandler, options: { readonly maxBatch: number }): Promise<void>;
  /** Stops fetching, lets the message in hand finish, commits, disconnects. */
  stop(): Promise<void>;
}

export interface TopicLag {
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

export interface MessageBus {
  producer(): Promise<BusProducer>;
  consumer(options: ConsumerOptions): Promise<BusConsumer>;
  ensureTopics(topics: readonly string[]): Promise<void>;
  /** Where each partition of the topics ends now: the offset its next message will get. */
  endOffsets(topics: readonly string[]): Promise<PartitionOffset[]>;
  /** Messages not yet committed by the group, per partition. */
  lag(groupId: string, topics: readonly string[]): Promise<TopicLag[]>;
  /** Forgets a group's committed offsets so it re-reads its topics (used by rebuilds). */
  resetGroup(groupId: string, topics: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
