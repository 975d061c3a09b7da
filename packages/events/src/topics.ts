/** One topic per aggregate: `<subgraph>.<aggregate>.events`, keyed by aggregate id. */
export function topicFor(source: string, aggregateType: string): string {
  return `${source}.${aggregateType}.events`;
}

export function dlqTopicFor(topic: string): string {
  return `${topic}.dlq`;
}

export function topicOfEvent(event: { source: string; aggregateType: string }): string {
  return topicFor(event.source, event.aggregateType);
}

/** Every topic of the graph, by owner and aggregate. */
export const topics = {
  company: topicFor('accounts', 'company'),
  contact: topicFor('accounts', 'contact'),
  deal: topicFor('deals', 'deal'),
  pipeline: topicFor('deals', 'pipeline'),
  contract: topicFor('contracts', 'contract'),
  beneficiary: topicFor('beneficiaries', 'beneficiary'),
  process: topicFor('workflows', 'process'),
  task: topicFor('workflows', 'task'),
  salesOrder: topicFor('intake', 'sales_order'),
} as const;

/** Where a sales system publishes its raw orders (`pyxis.orders`); not an event topic of ours. */
export function ordersTopicOf(system: string): string {
  return `${system.toLowerCase()}.orders`;
}

/** The sales systems that publish orders to the intake (subgraphs/intake: one adapter each). */
export const salesSystems = ['pyxis', 'tempo'] as const;

/** The sales systems' order topics (`pyxis.orders`, ...): published by them, consumed by the intake. */
export const orderTopics: readonly string[] = salesSystems.map(ordersTopicOf);

/** Every topic the platform must provide: each event topic, each order topic, and the dead-letter topic of each. */
export const allTopics: readonly string[] = [...Object.values(topics), ...orderTopics].flatMap((topic) => [
  topic,
  dlqTopicFor(topic),
]);
