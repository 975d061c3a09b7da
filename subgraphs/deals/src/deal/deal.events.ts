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

type DealEventType = Extract<EventType, `deal.${string}`>;

/** Records a deal event in the outbox of the current transaction; returns its id. */
export function recordDealEvent<T extends DealEventType>(
  em: EntityManager,
  identity: Identity,
  deal: Deal,
  eventType: T,
  aggregateVersion: number,
  data: EventData<T>,
): string {
  const event = createEvent({
    eventType,
    tenantId: identity.tenant,
    aggregateType: 'deal',
    aggregateId: deal.id,
    aggregateVersion,
    source: 'deals',
    actor: identity.sub,
    data,
  });
  recordEvent(em, event);
  return event.eventId;
}
