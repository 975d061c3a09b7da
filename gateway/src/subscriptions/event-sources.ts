import {
  Kind,
  buildASTSchema,
  getDirectiveValues,
  getNamedType,
  isObjectType,
  parse,
  visit,
  type FieldNode,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { EVENT_SOURCE_SPEC_URL } from '@salesgraph/subgraph';

/** What the supergraph says about one Subscription field (`@eventSource`, SUBSCRIPTIONS.md). */
export interface EventSourceField {
  /** The Subscription field, e.g. dealChanged. */
  readonly field: string;
  /** Its payload type, e.g. DealChanged. */
  readonly payloadType: string;
  readonly topic: string;
  readonly events: ReadonlySet<string>;
  /** The payload field that carries the entity. */
  readonly entityField: string;
  /** The root Query field call that loads the entity, parsed from `load`. */
  readonly load: FieldNode;
  /** The type of `$id` when `load` needs the event's id (`deal(id: $id)`: ID!); null for `pipeline`. */
  readonly idType: string | null;
  /** `aggregateId` or `data.<path>`. */
  readonly idFrom: readonly string[];
  readonly filters: readonly { readonly argument: readonly string[]; readonly data: readonly string[] }[];
  readonly snapshot: boolean;
}

/** Payload fields the engine fills from the event itself; the entity field is the only other one. */
export const eventPayloadFields = ['cursor', 'eventId', 'eventType', 'occurredAt'] as const;

export class EventSourceError extends Error {
  override readonly name = 'EventSourceError';
}

/** The name `@eventSource` goes by in this supergraph (a @link may rename it with `as`). */
function directiveName(document: ReturnType<typeof parse>): string | null {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const url = directive.arguments?.find((argument) => argument.name.value === 'url')?.value;
      if (url?.kind !== Kind.STRING || url.value !== EVENT_SOURCE_SPEC_URL) continue;
      const imports = directive.arguments?.find((argument) => argument.name.value === 'import')?.value;
      if (imports?.kind !== Kind.LIST) return 'eventSource__eventSource';
      for (const value of imports.values) {
        if (value.kind === Kind.STRING && value.value === '@eventSource') return 'eventSource';
        if (value.kind === Kind.OBJECT) {
          const name = value.fields.find((field) => field.name.value === 'name')?.value;
          const as = value.fields.find((field) => field.name.value === 'as')?.value;
          if (name?.kind === Kind.STRING && name.value === '@eventSource')
            return as?.kind === Kind.STRING ? as.value.replace(/^@/, '') : 'eventSource';
        }
      }
      return 'eventSource__eventSource';
    }
  }
  return null;
}

function parseLoad(field: string, load: string): FieldNode {
  let selection;
  try {
    selection = parse(`{ ${load} }`, { noLocation: true }).definitions[0];
  } catch (error) {
    throw new EventSourceError(`${field}: load "${load}" is not a field call (${(error as Error).message})`);
  }
  const fields = selection?.kind === Kind.OPERATION_DEFINITION ? selection.selectionSet.selections : [];
  const [node] = fields;
  if (fields.length !== 1 || node?.kind !== Kind.FIELD || node.selectionSet || node.alias) {
    throw new EventSourceError(`${field}: load "${load}" must be one root query field call without a selection`);
  }
  return node;
}

/** The type of `$id` in `load` (from the argument it is passed to), or null when `load` takes no id. */
function idVariableType(field: string, load: FieldNode, queryField: GraphQLField<unknown, unknown>): string | null {
  let type: string | null = null;
  for (const argument of load.arguments ?? []) {
    const variables: string[] = [];
    visit(argument.value, { Variable: (node) => void variables.push(node.name.value) });
    if (variables.some((variable) => variable !== 'id'))
      throw new EventSourceError(`${field}: load may use only the variable $id`);
    if (variables.length === 0) continue;
    if (argument.value.kind !== Kind.VARIABLE)
      throw new EventSourceError(`${field}: $id must be passed as a whole argument`);
    const definition = queryField.args.find((arg) => arg.name === argument.name.value);
    if (!definition) throw new EventSourceError(`${field}: load passes an unknown argument ${argument.name.value}`);
    type = String(definition.type);
  }
  return type;
}

/**
 * Reads every `@eventSource` Subscription field from the composed supergraph and checks it
 * against the API schema clients validate against: the payload has only the event fields and
 * the entity field, `load` is a Query field returning the entity's type. A declaration that
 * does not hold is reported in `problems` and its field is not served (it would fail at the
 * first event); the other fields are.
 */
export function readEventSources(
  supergraphSdl: string,
  apiSchema: GraphQLSchema,
): { sources: Map<string, EventSourceField>; problems: string[] } {
  const document = parse(supergraphSdl, { noLocation: true });
  const name = directiveName(document);
  const sources = new Map<string, EventSourceField>();
  const problems: string[] = [];
  const core: GraphQLSchema | null = name
    ? buildASTSchema(document, { assumeValid: true, assumeValidSDL: true })
    : null;
  const directive: GraphQLDirective | null | undefined = name ? core?.getDirective(name) : null;
  const subscription = core?.getSubscriptionType();
  for (const field of Object.values(subscription?.getFields() ?? {})) {
    try {
      const source = directive ? readField(field, directive, apiSchema) : null;
      if (source) sources.set(field.name, source);
      else problems.push(`${field.name}: no @eventSource`);
    } catch (error) {
      if (!(error instanceof EventSourceError)) throw error;
      problems.push(error.message);
    }
  }
  for (const field of Object.keys(apiSchema.getSubscriptionType()?.getFields() ?? {})) {
    if (!sources.has(field) && !problems.some((problem) => problem.startsWith(`${field}:`)))
      problems.push(`${field}: no @eventSource`);
  }
  return { sources, problems };
}

function readField(
  field: GraphQLField<unknown, unknown>,
  directive: GraphQLDirective,
  apiSchema: GraphQLSchema,
): EventSourceField | null {
  if (!field.astNode) return null;
  const values = getDirectiveValues(directive, field.astNode) as
    | {
        topic: string;
        events: string[];
        entityField: string;
        load: string;
        idFrom: string;
        filters: string[];
        snapshot: boolean;
      }
    | undefined;
  if (!values) return null;
  const apiField = apiSchema.getSubscriptionType()?.getFields()[field.name];
  const payload = apiField ? getNamedType(apiField.type) : undefined;
  if (!apiField || !isObjectType(payload))
    throw new EventSourceError(`${field.name}: not an object-typed field of the API schema`);
  const payloadFields = payload.getFields();
  const entity = payloadFields[values.entityField];
  if (!entity) throw new EventSourceError(`${field.name}: ${payload.name} has no entity field ${values.entityField}`);
  const unknown = Object.keys(payloadFields).filter(
    (key) => key !== values.entityField && !(eventPayloadFields as readonly string[]).includes(key),
  );
  if (unknown.length > 0)
    throw new EventSourceError(
      `${field.name}: ${payload.name} has fields the engine cannot fill: ${unknown.join(', ')}`,
    );
  const load = parseLoad(field.name, values.load);
  const queryField = apiSchema.getQueryType()?.getFields()[load.name.value];
  if (!queryField || getNamedType(queryField.type) !== getNamedType(entity.type)) {
    throw new EventSourceError(
      `${field.name}: load ${load.name.value} is not a Query field returning ${getNamedType(entity.type).name}`,
    );
  }
  const idType = idVariableType(field.name, load, queryField);
  if (values.snapshot && idType) throw new EventSourceError(`${field.name}: a snapshot needs a load without $id`);
  const filters = values.filters.map((pair) => {
    const [argument, data, extra] = pair.split('=');
    if (!argument || !data || extra !== undefined)
      throw new EventSourceError(`${field.name}: filter "${pair}" is not argumentPath=dataPath`);
    if (!apiField.args.some((arg) => arg.name === argument.split('.')[0]))
      throw new EventSourceError(`${field.name}: filter "${pair}" names no argument`);
    return { argument: argument.split('.'), data: data.split('.') };
  });
  const idFrom = values.idFrom.split('.');
  if (idFrom[0] !== 'aggregateId' && idFrom[0] !== 'data')
    throw new EventSourceError(`${field.name}: idFrom must be aggregateId or data.<path>`);
  return {
    field: field.name,
    payloadType: payload.name,
    topic: values.topic,
    events: new Set(values.events),
    entityField: values.entityField,
    load,
    idType,
    idFrom,
    filters,
    snapshot: values.snapshot,
  };
}
