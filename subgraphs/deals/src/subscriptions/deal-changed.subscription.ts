import { dealsEvents, topics } from '@salesgraph/events';
import { eventPayloadSdl } from '@salesgraph/subgraph';

const dealEventTypes = Object.keys(dealsEvents.schemas).filter((type) => type.startsWith('deal.'));

/**
 * `dealChanged`: every deal event of the caller's tenant, the deal loaded as the subscriber
 * (a SALES_REP gets only own deals). Fed by the gateway's subscription engine from
 * deals.deal.events (gateway/SUBSCRIPTIONS.md); this subgraph only declares it.
 */
export const dealChangedSubscription = `
"""Narrows dealChanged; every condition given must hold for the deal as the event left it."""
input DealChangedFilter @tag(name: "public") {
  stages: [DealStage!] @tag(name: "public")
  ownerId: String
  companyId: ID @tag(name: "public")
}

${eventPayloadSdl({
  name: 'DealChanged',
  description: 'One change of a deal, or a snapshot signal (eventType "snapshot").',
  eventTypeDescription:
    'deal.created, deal.updated, deal.stage_changed, deal.won, deal.lost, deal.reopened, or "snapshot": events were missed, re-read what you show.',
  entityField: 'deal',
  entityType: 'Deal',
  public: true,
})}

extend type Subscription {
  """Changes of the deals the caller may see."""
  dealChanged(filter: DealChangedFilter @tag(name: "public"), after: String @tag(name: "public")): DealChanged! @tag(name: "public") @requiresScopes(scopes: [["deals:read"]])
    @eventSource(
      topic: "${topics.deal}"
      events: [${dealEventTypes.map((type) => `"${type}"`).join(', ')}]
      entityField: "deal"
      load: "deal(id: $id)"
      filters: ["filter.stages=deal.stage", "filter.ownerId=deal.ownerId", "filter.companyId=deal.companyId"]
    )
}
`;
