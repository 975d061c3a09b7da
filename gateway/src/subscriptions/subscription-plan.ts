import {
  type GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isObjectType,
  print,
  typeFromAST,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { appError } from '@salesgraph/errors';
import { decodeCursor, type Cursor } from './cursor.js';
import type { EventSourceField } from './event-sources.js';

export type PayloadFieldKind = '__typename' | 'cursor' | 'eventId' | 'eventType' | 'occurredAt' | 'entity';

/**
 * One subscription, compiled once when it starts: which field, its arguments, what each
 * payload response key holds, and the query that loads the entity as the subscriber. Two
 * subscriptions with the same `queryKey` ask the entity the same question.
 */
export interface SubscriptionPlan {
  readonly source: EventSourceField;
  /** The response key of the subscription field (its alias, if any). */
  readonly rootKey: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly after: Cursor | null;
  readonly payload: readonly { readonly key: string; readonly kind: PayloadFieldKind }[];
  /** Loads every requested entity key (or only visibility, when none is requested). */
  readonly entityQuery: string;
  /** The response keys of `entityQuery` (the payload's entity keys, or one visibility probe). */
  readonly entityKeys: readonly string[];
  /** The variable `entityQuery` takes the event's id in (when the field loads by id). */
  readonly idVariable: string;
  /** The client's variables `entityQuery` uses, as sent. */
  readonly entityVariables: Readonly<Record<string, unknown>>;
  /** entityQuery + entityVariables: equal keys share one fetch per event and access scope. */
  readonly queryKey: string;
  /** The field, its response key, the payload keys and `queryKey`: equal keys get the same message text per event and access scope. */
  readonly messageKey: string;
}

/** Probe alias used when the client selects no entity field: the entity is still loaded to check visibility. */
const visibilityProbe = 'visible';

function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
}

/** The fields of `selectionSet` on `type` by response key, following fragments and @skip/@include (graphql-js CollectFields). */
function collectFields(
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fields = new Map<string, FieldNode[]>(),
  visited = new Set<string>(),
): Map<string, FieldNode[]> {
  const applies = (condition: FragmentDefinitionNode['typeCondition'] | undefined) => {
    if (!condition) return true;
    const conditionType = typeFromAST(schema, condition);
    return (
      conditionType === type ||
      (conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type))
    );
  };
  for (const selection of selectionSet.selections) {
    if (!included(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      fields.set(key, [...(fields.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition))
        collectFields(schema, fragments, variables, type, selection.selectionSet, fields, visited);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (visited.has(name) || !fragment || !applies(fragment.typeCondition)) continue;
      visited.add(name);
      collectFields(schema, fragments, variables, type, fragment.selectionSet, fields, visited);
    }
  }
  return fields;
}

/** Names of the fragments and variables a set of selections uses, transitively through fragments. */
function usages(selections: readonly SelectionNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>) {
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const pending: SelectionNode[][] = [[...selections]];
  while (pending.length > 0) {
    for (const selection of pending.pop()!) {
      visit(selection, {
        Variable: (node) => void usedVariables.add(node.name.value),
        FragmentSpread: (node) => {
          const fragment = fragments.get(node.name.value);
          if (usedFragments.has(node.name.value) || !fragment) return;
          usedFragments.add(node.name.value);
          pending.push([...fragment.selectionSet.selections]);
          for (const directive of fragment.directives ?? [])
            visit(directive, { Variable: (variable) => void usedVariables.add(variable.name.value) });
        },
      });
    }
  }
  return { usedFragments, usedVariables };
}

function freeName(taken: ReadonlySet<string>, wanted: string): string {
  let name = wanted;
  while (taken.has(name)) name = `${name}_`;
  return name;
}

/**
 * Compiles a validated subscription operation into a plan, or returns the errors a client
 * should see (variables that do not coerce, a field no `@eventSource` feeds, a bad cursor).
 */
export function planSubscription(
  schema: GraphQLSchema,
  sources: ReadonlyMap<string, EventSourceField>,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Readonly<Record<string, unknown>>,
): SubscriptionPlan | readonly GraphQLError[] {
  const subscriptionType = schema.getSubscriptionType();
  if (!subscriptionType || operation.operation !== 'subscription')
    return [appError('BAD_REQUEST', 'Not a subscription operation')];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables, { maxErrors: 10 });
  if (coerced.errors) return coerced.errors.map((error) => appError('BAD_USER_INPUT', error.message));
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const root = collectFields(schema, fragments, variables, subscriptionType, operation.selectionSet);
  const [entry, extra] = [...root];
  if (!entry || extra) return [appError('GRAPHQL_VALIDATION_FAILED', 'A subscription selects exactly one field')];
  const [rootKey, rootNodes] = entry;
  const fieldName = rootNodes[0]!.name.value;
  const source = sources.get(fieldName);
  const field = subscriptionType.getFields()[fieldName];
  if (!source || !field)
    return [appError('GRAPHQL_VALIDATION_FAILED', `Subscription.${fieldName} is not fed by the gateway`)];
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field, rootNodes[0]!, variables);
  } catch (error) {
    return [appError('BAD_USER_INPUT', (error as Error).message)];
  }
  let after: Cursor | null = null;
  if (typeof args['after'] === 'string') {
    after = decodeCursor(args['after']);
    if (!after) return [appError('BAD_USER_INPUT', 'after is not a cursor of this graph', { field: 'after' })];
  }

  const payloadType = getNamedType(field.type);
  if (!isObjectType(payloadType))
    return [appError('GRAPHQL_VALIDATION_FAILED', `Subscription.${fieldName} does not return an object`)];
  const payloadFields = new Map<string, FieldNode[]>();
  for (const node of rootNodes) {
    if (node.selectionSet) collectFields(schema, fragments, variables, payloadType, node.selectionSet, payloadFields);
  }
  const payload = [...payloadFields].map(([key, nodes]) => {
    const name = nodes[0]!.name.value;
    const kind: PayloadFieldKind = name === source.entityField ? 'entity' : (name as PayloadFieldKind);
    return { key, kind, nodes };
  });

  const clientVariables = new Set(
    (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
  );
  const idVariable = freeName(clientVariables, 'subscriptionEntityId');
  const load = (key: string, selections: readonly SelectionNode[]): FieldNode => ({
    ...source.load,
    alias: { kind: Kind.NAME, value: key },
    arguments: source.load.arguments?.map((argument) =>
      argument.value.kind === Kind.VARIABLE
        ? { ...argument, value: { ...argument.value, name: { kind: Kind.NAME, value: idVariable } } }
        : argument,
    ),
    selectionSet: { kind: Kind.SELECTION_SET, selections },
  });
  const entities = payload.filter((entry) => entry.kind === 'entity');
  const loads =
    entities.length > 0
      ? entities.map(({ key, nodes }) =>
          load(
            key,
            nodes.flatMap((node) => node.selectionSet?.selections ?? []),
          ),
        )
      : [load(visibilityProbe, [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }])];

  const { usedFragments, usedVariables } = usages(loads, fragments);
  const variableDefinitions: VariableDefinitionNode[] = (operation.variableDefinitions ?? []).filter((definition) =>
    usedVariables.has(definition.variable.name.value),
  );
  if (source.idType) {
    variableDefinitions.unshift({
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: idVariable } },
      type: parseTypeReference(source.idType),
    });
  }
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: 'query' as OperationDefinitionNode['operation'],
        name: { kind: Kind.NAME, value: `${fieldName}Entity` },
        variableDefinitions,
        selectionSet: { kind: Kind.SELECTION_SET, selections: loads },
      },
      ...[...usedFragments].sort().map((name) => fragments.get(name)!),
    ],
  };
  const entityVariables: Record<string, unknown> = {};
  for (const definition of variableDefinitions) {
    const name = definition.variable.name.value;
    if (name in rawVariables) entityVariables[name] = rawVariables[name];
  }
  const entityQuery = print(query);
  const payloadKeys = payload.map(({ key, kind }) => ({ key, kind }));
  const queryKey = `${entityQuery}\n${JSON.stringify(entityVariables)}`;
  return {
    source,
    rootKey,
    args,
    after,
    payload: payloadKeys,
    entityQuery,
    entityKeys: loads.map((node) => node.alias!.value),
    idVariable,
    entityVariables,
    queryKey,
    messageKey: `${JSON.stringify([fieldName, rootKey, payloadKeys])}\n${queryKey}`,
  };
}

/** `ID!`, `[ID!]!`, `String` -> a type node. */
function parseTypeReference(type: string): VariableDefinitionNode['type'] {
  if (type.endsWith('!')) return { kind: Kind.NON_NULL_TYPE, type: parseTypeReference(type.slice(0, -1)) as never };
  if (type.startsWith('[')) return { kind: Kind.LIST_TYPE, type: parseTypeReference(type.slice(1, -1)) };
  return { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } };
}
