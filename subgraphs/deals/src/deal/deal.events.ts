import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventData, type EventType } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import type { Identity } from '@salesgraph/auth';
import type { Deal } from './deal.entity.js';
import { defaultProbability } from './deal-stage.js';

export function probabilityOf(deal: Deal): number {
  return deal.probabilityOverride ?? defaultProbability[deal.stage];
}

export function dealSnapshot(deal: Deal): EventData<'deal.created'>['deal'] {
  return {
    id: deal.id,
    companyId: deal.companyId,
    ownerId: deal.ownerId,
    title: deal.title,
    stage: deal.stage,
    estimatedValue: deal.estimatedValue,
    estimatedLives: deal.estimatedLives,
    probability: probabilityOf(deal),
    expectedCloseDate: deal.expectedCloseDate,
  };
}

export type DealEventType = Extract<EventType, `deal.${string}`>;

/** A deal event to record: its type and data (the envelope is built by recordDealEvent). */
export type DealEvent = { [T in DealEventType]: { readonly type: T; readonly data: EventData<T> } }[DealEventType];

/**
 * Records a deal event in the outbox of the current transaction and returns its id.
 * aggregateVersion = the deal's next event sequence number (1 for deal.created): one change may
 * emit several events (stage_changed, then won), each with its own increasing version.
 */
export function recordDealEvent(em: EntityManager, identity: Identity, deal: Deal, { type, data }: DealEvent): string {
  deal.eventSequence += 1;
  const event = createEvent({
    eventType: type,
    tenantId: identity.tenant,
    aggregateType: 'deal',
    aggregateId: deal.id,
    aggregateVersion: deal.eventSequence,
    source: 'deals',
    actor: identity.sub,
    data,
  });
  recordEvent(em, event);
  return event.eventId;
}
