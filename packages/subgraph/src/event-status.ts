import type { ProjectionDefinition } from '@salesgraph/projection';
import { badInput } from '@salesgraph/errors';
import { requestLoader, type SubgraphContext } from './context.js';

/**
 * Read-your-writes (docs/EVENTS.md): every subgraph that keeps projections contributes one field
 * per projection to the `EventStatus` entity, read from its own inbox, and the shareable root
 * field `eventStatus(eventId)`. A client passes the `eventId` a mutation returned and selects
 * the projections it depends on; the gateway asks only the subgraphs that own them.
 */
export interface EventStatusOptions {
  /** The subgraph's PostgreSQL schema (holds its inbox). */
  readonly schema: string;
  readonly projections: readonly ProjectionDefinition[];
}

export interface SchemaExtension {
  readonly typeDefs: string;
  readonly resolvers: Record<string, Record<string, unknown>>;
}

interface EventStatusValue {
  readonly eventId: string;
}

interface ProjectionProgressValue {
  readonly projection: string;
  readonly applied: boolean;
  readonly appliedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `deals.account-summary` -> `dealsAccountSummary`: the EventStatus field of that projection. */
export function eventStatusFieldOf(projection: string): string {
  const [first = '', ...rest] = projection.split(/[.\-_]/).filter(Boolean);
  return first + rest.map((part) => part[0]!.toUpperCase() + part.slice(1)).join('');
}

const sharedTypes = `
"""
Read-your-writes: whether the projections a client depends on have applied an event (by the
\`eventId\` a mutation returned). Each subgraph contributes a field per projection it keeps.
See docs/EVENTS.md.
"""
type EventStatus @key(fields: "eventId") @tag(name: "public") {
  eventId: ID! @tag(name: "public")
FIELDS
}

"""
One projection's progress on one event. \`applied\` is true once the projection has applied the
event or a later version of the same aggregate (its inbox recorded it); a projection that does
not consume the event's type never applies it.
"""
type ProjectionProgress @shareable @tag(name: "public") {
  "The projection's consumer group, \`<subgraph>.<projection>\`."
  projection: String! @tag(name: "public")
  applied: Boolean! @tag(name: "public")
  appliedAt: DateTimeISO @tag(name: "public")
}

extend type Query {
  "Which projections have applied the event a mutation returned (\`eventId\`)."
  eventStatus(eventId: ID! @tag(name: "public")): EventStatus! @shareable @tag(name: "public") @authenticated
}
`;

/** The EventStatus SDL and resolvers of one subgraph; one SQL statement per request and subgraph. */
export function eventStatusExtension(options: EventStatusOptions): SchemaExtension {
  const consumers = options.projections.map((projection) => projection.name);
  const fields = consumers.map(
    (name) =>
      `  "Progress of the \`${name}\` projection."\n  ${eventStatusFieldOf(name)}: ProjectionProgress! @tag(name: "public")`,
  );
  const inbox = `"${options.schema}"."inbox_event"`;

  const appliedOf = (context: SubgraphContext) =>
    requestLoader<string, ReadonlyMap<string, Date>>(context, 'eventStatus.applied', async (eventIds) => {
      const valid = eventIds.filter((id) => UUID.test(id));
      const rows =
        valid.length === 0 || consumers.length === 0
          ? []
          : await context.em.execute<{ consumer: string; event_id: string; applied_at: Date }[]>(
              `select consumer, event_id, applied_at from ${inbox}
             where tenant_id = ? and consumer in (${consumers.map(() => '?').join(', ')}) and event_id in (${valid.map(() => '?').join(', ')})`,
              [context.identity.tenant, ...consumers, ...valid],
            );
      return eventIds.map(
        (id) =>
          new Map(
            rows
              .filter((row) => row.event_id === id.toLowerCase())
              .map((row) => [row.consumer, new Date(row.applied_at)]),
          ),
      );
    });

  const projectionResolvers = Object.fromEntries(
    consumers.map((name) => [
      eventStatusFieldOf(name),
      async (status: EventStatusValue, _args: unknown, context: SubgraphContext): Promise<ProjectionProgressValue> => {
        const appliedAt = (await appliedOf(context).load(status.eventId)).get(name) ?? null;
        return { projection: name, applied: appliedAt !== null, appliedAt };
      },
    ]),
  );

  return {
    typeDefs: sharedTypes.replace('FIELDS', fields.join('\n')),
    resolvers: {
      Query: {
        eventStatus: (_root: unknown, args: { eventId: string }): EventStatusValue => {
          if (!UUID.test(args.eventId)) throw badInput('eventId', 'must be the UUID a mutation returned');
          return { eventId: args.eventId };
        },
      },
      EventStatus: {
        __resolveReference: (reference: EventStatusValue): EventStatusValue => ({ eventId: reference.eventId }),
        ...projectionResolvers,
      },
    },
  };
}
