import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { badInput } from '@salesgraph/errors';
import { NotificationChannelName, NotificationRecipient } from './notification.entity.js';
import type { NotificationPreferencesInput } from './notification.inputs.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{9,14}$/;

/** The caller's preferences, or null before they set any. */
export function myNotificationPreferences(
  em: EntityManager,
  identity: Identity,
): Promise<NotificationRecipient | null> {
  return em.findOne(NotificationRecipient, { userId: identity.sub });
}

/**
 * Sets the caller's preferences (one row per person and tenant); the roles they are notified
 * for are those of the token they set them with. Opting out keeps the row (so nothing is sent)
 * and records when.
 */
export async function setMyNotificationPreferences(
  em: EntityManager,
  identity: Identity,
  input: NotificationPreferencesInput,
): Promise<NotificationRecipient> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw badInput('name', 'must be 1 to 200 characters');
  const email = input.email?.trim() || null;
  if (email && (!EMAIL.test(email) || email.length > 254)) throw badInput('email', 'must be an e-mail address');
  const phone = input.phone?.replace(/[\s()-]/g, '') || null;
  if (phone && !E164.test(phone)) throw badInput('phone', 'must be an E.164 number, e.g. +5511998765432');
  const channels = [...new Set(input.channels)];
  if (channels.includes(NotificationChannelName.email) && !email)
    throw badInput('email', 'required for the email channel');
  if (channels.some((channel) => channel !== NotificationChannelName.email) && !phone)
    throw badInput('phone', 'required for the sms and whatsapp channels');
  return em.transactional(async (tx) => {
    const existing = await tx.findOne(NotificationRecipient, { userId: identity.sub });
    const recipient =
      existing ??
      tx.create(NotificationRecipient, {
        tenantId: identity.tenant,
        userId: identity.sub,
        name,
        roles: [],
        channels: [],
      });
    const optedOutAt = input.optedOut ? (existing?.optedOut ? existing.optedOutAt : new Date()) : null;
    Object.assign(recipient, {
      name,
      email,
      phone,
      roles: [...identity.roles],
      channels,
      optedOut: input.optedOut,
      optedOutAt,
    });
    await tx.flush();
    return recipient;
  });
}
