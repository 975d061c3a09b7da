import { createEvent, type EventData, type EventEnvelope, type EventType } from '@salesgraph/events';
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

/** A deal event: its type and data (the envelope is built by dealEvent). */
export type DealEvent = { [T in DealEventType]: { readonly type: T; readonly data: EventData<T> } }[DealEventType];

/**
 * The envelope of a deal event, for the write frame to record with the change.
 * aggregateVersion = the deal's next event sequence number (1 for deal.created): one change may
 * emit several events (stage_changed, then won), each with its own increasing version.
 */
export function dealEvent(identity: Identity, deal: Deal, { type, data }: DealEvent): EventEnvelope {
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
  return event;
}
