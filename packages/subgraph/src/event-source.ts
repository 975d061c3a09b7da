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

export interface EventPayloadOptions {
  /** The payload type, e.g. DealChanged. */
  readonly name: string;
  readonly description: string;
  /** What `eventType` can be (the topic's event types, or "snapshot"). */
  readonly eventTypeDescription: string;
  /** The field carrying the entity (the directive's `entityField`) and its type. */
  readonly entityField: string;
  readonly entityType: string;
  /** Default: "The <entityField> as it is now, as the subscriber sees it."; null: none. */
  readonly entityDescription?: string | null;
  readonly eventIdDescription?: string;
  /** Part of the public API (every field tagged `public`). */
  readonly public?: boolean;
}

/**
 * The payload type of an `@eventSource` subscription field: the cursor to resume after, the
 * event (null on a snapshot signal), its type, when it happened, and the entity loaded as the
 * subscriber. One shape for every subscription the engine feeds.
 */
export function eventPayloadSdl(options: EventPayloadOptions): string {
  const tag = options.public ? ' @tag(name: "public")' : '';
  const entityDescription =
    options.entityDescription === undefined
      ? `The ${options.entityField} as it is now, as the subscriber sees it.`
      : options.entityDescription;
  return `
"""${options.description}"""
type ${options.name}${tag} {
  """Pass as \`after\` when resubscribing to receive what was missed."""
  cursor: String!${tag}
  """${options.eventIdDescription ?? 'The event; null on a snapshot signal.'}"""
  eventId: ID${tag}
  """${options.eventTypeDescription}"""
  eventType: String!${tag}
  occurredAt: DateTimeISO!${tag}
${entityDescription === null ? '' : `  """${entityDescription}"""\n`}  ${options.entityField}: ${options.entityType}${tag}
}
`;
}
