import type { PGlite } from '@electric-sql/pglite';

/** Frontend messages after which PostgreSQL answers ReadyForQuery: one protocol cycle ends. */
const CYCLE_END = new Set([
  0x51, // Q  simple query
  0x53, // S  Sync (end of an extended-protocol sequence)
  0x46, // F  function call
  0x63, // c  CopyDone
  0x66, // f  CopyFail
]);
const TERMINATE = 0x58; // X
const NOTIFICATION_RESPONSE = 0x41; // A
const PROTOCOL_3 = 196_608;

type Sink = (data: Uint8Array) => void;

interface Waiting {
  readonly connection: number;
  readonly message: Uint8Array;
  readonly sink: Sink;
  resolve(bytes: number): void;
  reject(error: Error): void;
}

export interface SessionGateStats {
  /** Protocol messages executed. */
  readonly messages: number;
  /** Messages that had to wait for another connection's cycle or transaction. */
  readonly waited: number;
  /** NotificationResponse messages copied to the other connections. */
  readonly notificationsForwarded: number;
}

/**
 * Lets many client connections share PGlite's single PostgreSQL session safely.
 *
 * pglite-socket's own multiplexer interleaves connections message by message, so one
 * connection's extended-protocol sequence (Parse, Bind, Execute, Sync) can be split by
 * another's — measured with `pg` and 10 pooled connections: "unnamed prepared statement does
 * not exist", "portal does not exist". The gate instead gives one connection the session from
 * its first message until the cycle ends (Sync or a simple Query answered) *and* no
 * transaction is open, so each statement sequence and each transaction runs whole, as under
 * PostgreSQL's serializable isolation. A connection that closes while it holds the session
 * has its transaction rolled back.
 *
 * NOTIFY: PostgreSQL delivers a notification to the one session, i.e. in the reply to the
 * connection that committed. The gate copies every NotificationResponse to the other
 * connections too (clients ignore channels they do not listen to), so LISTEN/NOTIFY — the
 * outbox relay's wake-up — works as on a real server.
 *
 * It implements the queue interface `PGLiteSocketHandler` calls (enqueue,
 * clearQueueForHandler, clearTransactionIfNeeded, getQueueLength).
 */
export class SessionGate {
  private owner: number | null = null;
  private waiting: Waiting[] = [];
  private pumping = false;
  private current: Promise<void> = Promise.resolve();
  private readonly sinks = new Map<number, Sink>();
  private counters = { messages: 0, waited: 0, notificationsForwarded: 0 };

  constructor(private readonly db: PGlite) {}

  stats(): SessionGateStats {
    return { ...this.counters };
  }

  enqueue(connection: number, message: Uint8Array, sink: Sink): Promise<number> {
    this.sinks.set(connection, sink);
    return new Promise<number>((resolve, reject) => {
      if (this.owner !== null && this.owner !== connection) this.counters.waited++;
      this.waiting.push({ connection, message, sink, resolve, reject });
      void this.pump();
    });
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  /** The connection closed: its queued messages are dropped. */
  clearQueueForHandler(connection: number): void {
    this.sinks.delete(connection);
    this.waiting = this.waiting.filter((item) => {
      if (item.connection !== connection) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  /** The connection closed: if it held the session, its open transaction is rolled back. */
  async clearTransactionIfNeeded(connection: number): Promise<void> {
    if (this.owner !== connection) return;
    await this.current;
    if (this.owner !== connection) return;
    if (this.db.isInTransaction()) await this.db.exec('rollback');
    this.owner = null;
    void this.pump();
  }

  private next(): Waiting | undefined {
    const index = this.owner === null ? 0 : this.waiting.findIndex((item) => item.connection === this.owner);
    if (index < 0 || this.waiting.length === 0) return undefined;
    return this.waiting.splice(index, 1)[0];
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        this.owner = item.connection;
        const run = this.execute(item);
        this.current = run.then(
          () => undefined,
          () => undefined,
        );
        await this.current;
      }
    } finally {
      this.pumping = false;
    }
  }

  private async execute(item: Waiting): Promise<void> {
    const { message } = item;
    const startup =
      message.length >= 8 &&
      new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4) === PROTOCOL_3;
    const type = startup ? null : message[0];
    if (type === TERMINATE) {
      if (this.db.isInTransaction()) await this.db.exec('rollback');
      this.owner = null;
      item.resolve(0);
      return;
    }
    let bytes = 0;
    const frames = new NotificationFrames();
    try {
      this.counters.messages++;
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length;
            item.sink(data);
            for (const notification of frames.read(data)) this.forward(item.connection, notification);
          },
        }),
      );
    } catch (error) {
      if (!this.db.isInTransaction()) this.owner = null;
      item.reject(error as Error);
      return;
    }
    if ((startup || CYCLE_END.has(type!)) && !this.db.isInTransaction()) this.owner = null;
    item.resolve(bytes);
  }

  private forward(from: number, notification: Uint8Array): void {
    for (const [connection, sink] of this.sinks) {
      if (connection === from) continue;
      sink(notification);
      this.counters.notificationsForwarded++;
    }
  }
}

/** Finds NotificationResponse messages in a backend byte stream that may split messages across chunks. */
class NotificationFrames {
  private carry: Buffer = Buffer.alloc(0);

  *read(chunk: Uint8Array): Generator<Uint8Array> {
    const buffer =
      this.carry.length > 0
        ? Buffer.concat([this.carry, chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    while (buffer.length - at >= 5) {
      const end = at + 1 + buffer.readInt32BE(at + 1);
      if (end > buffer.length) break;
      if (buffer[at] === NOTIFICATION_RESPONSE) yield Uint8Array.from(buffer.subarray(at, end));
      at = end;
    }
    this.carry = Buffer.from(buffer.subarray(at));
  }
}
