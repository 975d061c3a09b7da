import { dealsEvents, topics } from '@salesgraph/events';
import { eventSourceDirectiveSdl, eventSourceLinkSdl } from '@salesgraph/subgraph';

const dealEvents = Object.keys(dealsEvents.schemas).filter((type) => type.startsWith('deal.'));

/** The deals subgraph's subscription fields as it declares them (topics, events, loads, filters). */
export const s1StubSdl = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@composeDirective"])
${eventSourceLinkSdl}
${eventSourceDirectiveSdl}
type Query {
  deal(id: ID!): Deal
  pipeline: Pipeline!
}
type Deal @key(fields: "id") {
  id: ID!
  title: String!
  stage: String!
  ownerId: String!
}
type Pipeline {
  openDeals: Int!
}
input DealChangedFilter {
  stages: [String!]
  ownerId: String
}
type DealChanged {
  cursor: String!
  eventId: ID
  eventType: String!
  occurredAt: String!
  deal: Deal
}
type PipelineChanged {
  cursor: String!
  eventId: ID
  eventType: String!
  occurredAt: String!
  pipeline: Pipeline
}
type Subscription {
  dealChanged(filter: DealChangedFilter, after: String): DealChanged!
    @eventSource(topic: "${topics.deal}", events: [${dealEvents.map((type) => `"${type}"`).join(', ')}], entityField: "deal",
      load: "deal(id: $id)", filters: ["filter.stages=deal.stage", "filter.ownerId=deal.ownerId"])
  pipelineChanged(after: String): PipelineChanged!
    @eventSource(topic: "${topics.pipeline}", events: ["pipeline.summary_changed"], entityField: "pipeline", load: "pipeline", snapshot: true)
}
`;
