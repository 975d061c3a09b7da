import type { EntityManager } from '@mikro-orm/postgresql';
import { forkForTenant, type Orm } from '@salesgraph/orm';
import { RetryableError, backoffDelay, withRetry, type RetryPolicy } from '@salesgraph/retry';
import {
  ChannelRefused,
  renderNotification,
  type NotificationChannel,
  type NotificationKind,
} from '@salesgraph/notifications';
import { createPeriodicWorker, type BackgroundWorker } from '@salesgraph/subgraph';
import { describeError, type Logger } from '@salesgraph/logging';
import type { Clock } from '../clock.js';
import {
  DeliveryStatus,
  NotificationContract,
  NotificationDeal,
  NotificationDelivery,
  NotificationRecipient,
} from './notification.entity.js';
import { queueNotification } from './notification.queue.js';

export interface NotificationSenderDeps {
  readonly orm: Orm;
  /** The channels this deployment runs, by name; a delivery on another is SKIPPED_NO_CHANNEL. */
  readonly channels: ReadonlyMap<string, NotificationChannel>;
  /** Tries of one send within a pass. */
  readonly retry: RetryPolicy;
  /** Passes a delivery may fail before it is dead-lettered. */
  readonly maxAttempts: number;
  readonly intervalMs: number;
  /** OPERATIONS are told of an open ANS registration this long before its deadline. */
  readonly ansNoticeMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

const ANS_DEADLINE_SOURCE = 'ans-deadline:';

/** Open ANS registrations due within the notice window that were not announced yet (every tenant). */
async function queueAnsDeadlines(deps: NotificationSenderDeps): Promise<void> {
  const now = deps.clock();
  const rows: { id: string; tenant_id: string; due_at: Date }[] = await deps.orm.em.getConnection().execute(
    `select t.id, t.tenant_id, t.due_at from workflows.task t
      where t.type = 'ANS_REGISTRATION' and t.status = 'OPEN' and t.due_at > ? and t.due_at <= ?
        and not exists (select 1 from workflows.notification_delivery d
                         where d.tenant_id = t.tenant_id and d.source_key = ? || t.id::text)
      order by t.due_at limit 200`,
    [now, new Date(now.getTime() + deps.ansNoticeMs), ANS_DEADLINE_SOURCE],
  );
  for (const task of rows) {
    const em = forkForTenant(deps.orm.em, task.tenant_id);
    await em.transactional((tx) =>
      queueNotification(
        tx,
        task.tenant_id,
        `${ANS_DEADLINE_SOURCE}${task.id}`,
        'ANS_DEADLINE',
        { roles: ['OPERATIONS'] },
        {
          taskId: task.id,
          dueAt: new Date(task.due_at).toISOString(),
        },
      ),
    );
  }
}

/** The message of a delivery, names and numbers read now (null: what it names is not known yet). */
async function messageOf(em: EntityManager, delivery: NotificationDelivery, recipient: NotificationRecipient) {
  const { facts } = delivery;
  const contract = facts['contractId'] ? await em.findOne(NotificationContract, { id: facts['contractId'] }) : null;
  const dealId = facts['dealId'] ?? contract?.dealId ?? null;
  const deal = dealId ? await em.findOne(NotificationDeal, { id: dealId }) : null;
  if ((facts['contractId'] && !contract) || (dealId && !deal)) return null;
  return renderNotification(delivery.kind as NotificationKind, {
    recipientName: recipient.name,
    dealTitle: deal?.title ?? null,
    contractNumber: contract?.number ?? null,
    role: facts['role'] ?? null,
    taskType: facts['taskType'] ?? null,
    dueAt: facts['dueAt'] ?? null,
    at: facts['at'] ?? null,
  });
}

/** Sends one PENDING delivery; every outcome is written on the row. */
async function deliver(deps: NotificationSenderDeps, em: EntityManager, delivery: NotificationDelivery): Promise<void> {
  const channel = deps.channels.get(delivery.channel);
  const recipient = await em.findOne(NotificationRecipient, { userId: delivery.recipientUserId });
  const address = delivery.channel === 'email' ? recipient?.email : recipient?.phone;
  const deadLetter = (reason: string) => {
    Object.assign(delivery, { status: DeliveryStatus.DEAD_LETTER, lastError: reason });
    deps.logger.warn({ deliveryId: delivery.id, channel: delivery.channel, reason }, 'notification dead-lettered');
  };
  if (!channel) return void (delivery.status = DeliveryStatus.SKIPPED_NO_CHANNEL);
  if (!recipient || recipient.optedOut) return void (delivery.status = DeliveryStatus.SKIPPED_OPT_OUT);
  if (!address) return deadLetter(`no ${delivery.channel === 'email' ? 'e-mail' : 'phone'} to send to`);
  const message = await messageOf(em, delivery, recipient);
  if (!message) return void (delivery.nextAttemptAt = new Date(Date.now() + deps.intervalMs));
  delivery.attempts += 1;
  try {
    delivery.providerMessageId = await withRetry(() => channel.send({ to: address, ...message }), {
      policy: deps.retry,
    });
    Object.assign(delivery, { status: DeliveryStatus.SENT, sentAt: new Date(), lastError: null });
  } catch (error) {
    if (error instanceof ChannelRefused) return deadLetter(error.message);
    if (!(error instanceof RetryableError)) throw error;
    delivery.lastError = error.message;
    if (delivery.attempts >= deps.maxAttempts) return deadLetter(`${error.message} (${delivery.attempts} attempts)`);
    delivery.nextAttemptAt = new Date(Date.now() + backoffDelay(deps.retry, delivery.attempts));
  }
}

async function sendDue(deps: NotificationSenderDeps): Promise<void> {
  const rows: { id: string; tenant_id: string }[] = await deps.orm.em
    .getConnection()
    .execute(
      `select id, tenant_id from workflows.notification_delivery where status = 'PENDING' and next_attempt_at <= now() order by next_attempt_at limit 100`,
    );
  for (const row of rows) {
    const em = forkForTenant(deps.orm.em, row.tenant_id);
    const delivery = await em.findOneOrFail(NotificationDelivery, { id: row.id });
    await deliver(deps, em, delivery);
    await em.flush();
  }
}

/**
 * The notification sender, every `intervalMs`: announces ANS deadlines within the notice
 * window, then sends PENDING deliveries — each send tried with backoff within the pass, a
 * failing delivery tried again on later passes and dead-lettered (DEAD_LETTER, with the reason)
 * after `maxAttempts`, like an event a projection cannot apply.
 */
export function notificationSender(deps: NotificationSenderDeps): BackgroundWorker {
  return createPeriodicWorker(deps.intervalMs, async () => {
    try {
      await queueAnsDeadlines(deps);
      await sendDue(deps);
    } catch (error) {
      deps.logger.error({ error: describeError(error) }, 'notification pass failed');
    }
  });
}
