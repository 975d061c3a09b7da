import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';

export enum NotificationChannelName {
  email = 'email',
  sms = 'sms',
  whatsapp = 'whatsapp',
}
registerEnumType(NotificationChannelName, { name: 'NotificationChannel' });

/**
 * A person who may be notified, and how (LGPD: the person chooses the channels and may opt
 * out). Registered by the person (setMyNotificationPreferences); `roles` are those of the token
 * they registered with, which decide what they are told of.
 */
@ObjectType({ description: 'Your notification preferences: where and how you are told of what needs you.' })
@Entity({ tableName: 'notification_recipient' })
@Unique({ properties: ['tenantId', 'userId'] })
export class NotificationRecipient extends TenantScopedEntity {
  @Field(() => String, { description: 'The subject of your token.' })
  @Property({ type: 'string', length: 128 })
  userId!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +5511998765432 (SMS and WhatsApp).' })
  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Field(() => [String])
  @Property({ type: 'text[]' })
  roles!: string[];

  @Field(() => [NotificationChannelName], { description: 'Every channel you are notified on.' })
  @Property({ type: 'text[]' })
  channels!: NotificationChannelName[];

  @Field(() => Boolean, { description: 'true: you receive no notification at all (LGPD opt-out).' })
  @Property({ type: 'boolean' })
  optedOut: Opt<boolean> = false;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  optedOutAt: Date | null = null;
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  /** Every attempt failed, or the channel refused it: kept for operations, never retried. */
  DEAD_LETTER = 'DEAD_LETTER',
  /** The person opted out: nothing was sent. */
  SKIPPED_OPT_OUT = 'SKIPPED_OPT_OUT',
  /** The person's channel is not configured in this deployment. */
  SKIPPED_NO_CHANNEL = 'SKIPPED_NO_CHANNEL',
}

/** One notification to one person on one channel, and what became of it. */
@Entity({ tableName: 'notification_delivery' })
@Unique({ properties: ['tenantId', 'sourceKey', 'recipientUserId', 'channel'] })
export class NotificationDelivery extends TenantScopedEntity {
  /** What caused it: the event id, or `ans-deadline:<task id>`. */
  @Property({ type: 'string', length: 200 })
  sourceKey!: string;

  @Property({ type: 'string', length: 128 })
  recipientUserId!: string;

  @Property({ type: 'string', length: 16 })
  channel!: string;

  @Property({ type: 'string', length: 40 })
  kind!: string;

  /** Ids and dates only; names and numbers are read when sending. */
  @Property({ type: 'json' })
  facts!: Record<string, string | null>;

  @Enum({ items: () => DeliveryStatus })
  status: Opt<DeliveryStatus> = DeliveryStatus.PENDING;

  @Property({ type: 'integer' })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt: Opt<Date> = new Date();

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'text', nullable: true })
  providerMessageId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;
}

/** The deals and contracts notifications name (kept from their events). */
@Entity({ tableName: 'notification_deal' })
export class NotificationDeal extends TenantScopedEntity {
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'string', length: 128 })
  ownerId!: string;
}

@Entity({ tableName: 'notification_contract' })
export class NotificationContract extends TenantScopedEntity {
  @Property({ type: 'string', length: 16 })
  number!: string;

  @Property({ type: 'uuid' })
  dealId!: string;
}
