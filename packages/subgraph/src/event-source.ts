/**
 * The `@eventSource` directive: how a subgraph declares a Subscription field that the
 * gateway's subscription engine feeds from Kafka (gateway/SUBSCRIPTIONS.md). It is a composed
 * directive (`@composeDirective`), so it survives composition and the gateway reads it from
 * the supergraph. Subgraphs never execute these fields; they only declare them.
 */
export const EVENT_SOURCE_SPEC_URL = 'https://salesgraph.dev/eventSource/v0.1';

export const eventSourceDirectiveSdl = `
"""
Feeds a Subscription field from Kafka (gateway/SUBSCRIPTIONS.md): events of \`events\` on
\`topic\` are matched to subscribers (tenant, then \`filters\`), and the payload's \`entityField\`
is loaded by the root query \`load\` (\`$id\` = the event's \`idFrom\`) as each subscriber.
"""
directive @eventSource(
  "Logical topic, e.g. deals.deal.events."
  topic: String!
  "Event types of the topic that produce a message."
  events: [String!]!
  "The payload field that carries the entity."
  entityField: String!
  "Root query field call that loads the entity, e.g. \\"deal(id: $id)\\" or \\"pipeline\\"."
  load: String!
  "Envelope path of the id passed as $id: aggregateId (default) or data.<path>."
  idFrom: String = "aggregateId"
  "argumentPath=dataPath pairs: an event passes when each given argument matches data at the path."
  filters: [String!] = []
  "Send the current entity (load without $id) as the first message."
  snapshot: Boolean = false
) on FIELD_DEFINITION
`;

/** Schema extension that imports `@eventSource` from its spec and keeps it in the supergraph. */
export const eventSourceLinkSdl = `extend schema @link(url: "${EVENT_SOURCE_SPEC_URL}", import: ["@eventSource"]) @composeDirective(name: "@eventSource")`;
