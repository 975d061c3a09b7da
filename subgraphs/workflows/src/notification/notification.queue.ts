import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationKind } from '@salesgraph/notifications';
import {
  DeliveryStatus,
  NotificationDelivery,
  NotificationRecipient,
  type NotificationChannelName,
} from './notification.entity.js';

/** Who is to be told: people with any of these roles, and/or these people. */
export interface Audience {
  readonly roles?: readonly string[];
  readonly userIds?: readonly string[];
}

/**
 * Records one delivery per person of the audience and channel they chose, in the caller's
 * transaction (the consuming projection's): PENDING for the sender, SKIPPED_OPT_OUT for people
 * who opted out. Idempotent by (source, person, channel).
 */
export async function queueNotification(
  em: EntityManager,
  tenantId: string,
  sourceKey: string,
  kind: NotificationKind,
  audience: Audience,
  facts: Record<string, string | null>,
): Promise<number> {
  const who = [
    ...(audience.roles?.length ? [{ roles: { $overlap: [...audience.roles] } }] : []),
    ...(audience.userIds?.length ? [{ userId: { $in: [...audience.userIds] } }] : []),
  ];
  if (!who.length) return 0;
  const recipients = await em.find(NotificationRecipient, { $or: who }, { orderBy: { userId: 'asc' } });
  const rows = recipients.flatMap((recipient) => {
    const channels: readonly (NotificationChannelName | 'none')[] = recipient.optedOut ? ['none'] : recipient.channels;
    return channels.map((channel) => ({
      id: crypto.randomUUID(),
      tenantId,
      createdAt: new Date(),
      updatedAt: new Date(),
      version: 1,
      sourceKey,
      recipientUserId: recipient.userId,
      channel,
      kind,
      facts,
      status: recipient.optedOut ? DeliveryStatus.SKIPPED_OPT_OUT : DeliveryStatus.PENDING,
      attempts: 0,
      nextAttemptAt: new Date(),
    }));
  });
  if (!rows.length) return 0;
  await em
    .createQueryBuilder(NotificationDelivery)
    .insert(rows)
    .onConflict(['tenantId', 'sourceKey', 'recipientUserId', 'channel'])
    .ignore()
    .execute();
  return rows.length;
}
