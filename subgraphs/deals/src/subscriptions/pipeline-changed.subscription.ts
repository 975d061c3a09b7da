import { topics } from '@salesgraph/events';
import { eventPayloadSdl } from '@salesgraph/subgraph';

/**
 * `pipelineChanged`: the tenant's board. The first message is the current PipelineSummary
 * (eventType "snapshot"), then one per pipeline.summary_changed, each loaded through the
 * `pipeline` query as the subscriber (gateway/SUBSCRIPTIONS.md); this subgraph only declares it.
 */
export const pipelineChangedSubscription = `
${eventPayloadSdl({
  name: 'PipelineChanged',
  description: 'The tenant\'s pipeline after a change, or the current one (eventType "snapshot").',
  eventIdDescription: 'The event; null on a snapshot.',
  eventTypeDescription:
    'pipeline.summary_changed, or "snapshot": the current board (first message, or after missed events).',
  entityField: 'pipeline',
  entityType: 'PipelineSummary',
  entityDescription: null,
  public: true,
})}

extend type Subscription {
  """The caller's tenant pipeline: first the current board, then every change."""
  pipelineChanged(after: String @tag(name: "public")): PipelineChanged! @tag(name: "public") @requiresScopes(scopes: [["pipeline:read"]])
    @eventSource(topic: "${topics.pipeline}", events: ["pipeline.summary_changed"], entityField: "pipeline", load: "pipeline", snapshot: true)
}
`;
