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
