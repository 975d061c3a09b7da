import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A committed event waiting for the relay; written in the same transaction as the change. */
@Entity({ tableName: 'outbox' })
export class OutboxMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id?: string;

  @Property({ type: 'uuid', unique: true })
  eventId!: string;

  @Property({ type: 'text' })
  topic!: string;

  @Property({ type: 'text' })
  messageKey!: string;

  @Property({ type: 'json' })
  payload!: object;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null = null;
}
