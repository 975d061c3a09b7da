import { contractsEvents, topics } from '@salesgraph/events';

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

"""One status change of a contract, or a snapshot signal (eventType "snapshot")."""
type ContractStatusChanged @tag(name: "public") {
  """Pass as \`after\` when resubscribing to receive what was missed."""
  cursor: String! @tag(name: "public")
  """The event; null on a snapshot signal."""
  eventId: ID @tag(name: "public")
  """contract.drafted, contract.submitted, ... contract.terminated, or "snapshot": events were missed, re-read what you show."""
  eventType: String! @tag(name: "public")
  occurredAt: DateTimeISO! @tag(name: "public")
  """The contract as it is now, as the subscriber sees it."""
  contract: Contract @tag(name: "public")
}

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
