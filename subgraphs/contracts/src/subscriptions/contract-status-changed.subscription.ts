import { contractsEvents, topics } from '@salesgraph/events';
import { eventPayloadSdl } from '@salesgraph/subgraph';

const contractEventTypes = Object.keys(contractsEvents.schemas).filter((type) => type.startsWith('contract.'));

/**
 * `contractStatusChanged`: every status change of the contracts the caller may see (each
 * contract event moves or re-states its status), the contract loaded as the subscriber. Fed by
 * the gateway's subscription engine from contracts.contract.events (gateway/SUBSCRIPTIONS.md).
 */
export const contractStatusChangedSubscription = `
"""Narrows contractStatusChanged; every condition given must hold for the contract as the event left it."""
input ContractStatusChangedFilter @tag(name: "public") {
  statuses: [ContractStatus!] @tag(name: "public")
  dealId: ID @tag(name: "public")
  companyId: ID @tag(name: "public")
}

${eventPayloadSdl({
  name: 'ContractStatusChanged',
  description: 'One status change of a contract, or a snapshot signal (eventType "snapshot").',
  eventTypeDescription:
    'contract.drafted, contract.submitted, ... contract.terminated, or "snapshot": events were missed, re-read what you show.',
  entityField: 'contract',
  entityType: 'Contract',
  public: true,
})}

extend type Subscription {
  """Status changes of the contracts the caller may see."""
  contractStatusChanged(filter: ContractStatusChangedFilter @tag(name: "public"), after: String @tag(name: "public")): ContractStatusChanged! @tag(name: "public") @requiresScopes(scopes: [["contracts:read"]])
    @eventSource(
      topic: "${topics.contract}"
      events: [${contractEventTypes.map((type) => `"${type}"`).join(', ')}]
      entityField: "contract"
      load: "contract(id: $id)"
      filters: ["filter.statuses=contract.status", "filter.dealId=contract.dealId", "filter.companyId=contract.companyId"]
    )
}
`;
