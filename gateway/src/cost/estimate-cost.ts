import {
  getNamedType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { CostModel } from './cost-model.js';
import {
  concreteTypes,
  fieldOf,
  fieldWeight,
  fragmentApplies,
  fragmentsOf,
  listSizeOf,
  operationsOf,
  returnsList,
  rootType,
  selectOperation,
  slicedSize,
  variableDefaultsOf,
} from './cost-rules.js';

export interface EstimateOptions {
  readonly variables?: Readonly<Record<string, unknown>>;
  /** The operation to price; without it (or when it names none) the costliest operation counts. */
  readonly operationName?: string | null | undefined;
  /** `__schema` and `__type` selections cost nothing (only when introspection is allowed). */
  readonly ignoreIntrospection?: boolean;
}

const introspectionRoots = new Set(['__schema', '__type']);

/** The size a connection field hands to its sized fields (`@listSize(sizedFields)`). */
interface Sizing {
  readonly size: number;
  readonly fields: readonly string[];
}

/**
 * The requested (static) cost of one operation, Apollo's demand-control model over the
 * composed `@cost`/`@listSize` (README: Cost):
 * - a field of an object, interface or union type costs 1, a scalar or enum 0, `__typename` 0;
 *   `@cost(weight)` on the field or its type replaces that; a mutation's root field costs 10;
 * - a list field multiplies its cost (the field's own and its selection's) by its size: the
 *   largest slicing argument given (`@listSize(slicingArguments)`, `first`/`last` by
 *   default), else the schema default of that argument, else `@listSize(assumedSize)`, else
 *   `defaultListSize`; with `sizedFields` the size applies to those fields of the returned
 *   object (a connection's `edges`), not to the field itself;
 * - the selection on an interface or union costs what it costs for its costliest possible
 *   type: inline fragments and spreads on different concrete types count as the maximum,
 *   not the sum, since only one of them applies to each object.
 * Without a model (no schema yet) every field costs 1 and fragments add up.
 */
export function operationCost(
  model: CostModel | undefined,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  { variables = {}, ignoreIntrospection = false }: EstimateOptions = {},
): number {
  const schema = model?.schema;
  const fragments = fragmentsOf(document);
  const variableDefaults = variableDefaultsOf(operation);
  const visiting = new Set<string>();
  const memo = new WeakMap<SelectionSetNode, Map<string, number>>();

  function fieldCost(
    field: FieldNode,
    runtime: GraphQLNamedType | undefined,
    declared: GraphQLNamedType | undefined,
    sizing: Sizing | undefined,
  ): number {
    const name = field.name.value;
    if (name === '__typename') return model ? 0 : 1;
    if (ignoreIntrospection && introspectionRoots.has(name)) return 0;
    const definition = fieldOf(runtime, name) ?? fieldOf(declared, name);
    const weight = fieldWeight(model, runtime, declared, definition);
    if (!model || !definition) {
      return weight + (field.selectionSet ? selectionCost(field.selectionSet, undefined, undefined) : 0);
    }
    const listSize = listSizeOf(model, runtime?.name, declared?.name, definition);
    let size = listSize?.slicingArguments
      ? slicedSize(field, definition, listSize.slicingArguments, variables, variableDefaults)
      : undefined;
    if (size === undefined && sizing?.fields.includes(name)) size = sizing.size;
    size ??= listSize?.assumedSize;
    const childSizing = listSize?.sizedFields
      ? { size: size ?? model.defaultListSize, fields: listSize.sizedFields }
      : undefined;
    const multiplier = childSizing ? 1 : returnsList(definition.type) ? (size ?? model.defaultListSize) : 1;
    const selection = field.selectionSet
      ? selectionCost(field.selectionSet, getNamedType(definition.type), childSizing)
      : 0;
    return multiplier * (weight + selection);
  }

  /** The costliest concrete type's cost of a selection set (one type for an object type). */
  function selectionCost(
    selectionSet: SelectionSetNode,
    declared: GraphQLNamedType | undefined,
    sizing: Sizing | undefined,
  ): number {
    let costliest = 0;
    for (const runtime of concreteTypes(schema, declared)) {
      costliest = Math.max(costliest, costForType(selectionSet, runtime, declared, sizing));
    }
    return costliest;
  }

  function costForType(
    selectionSet: SelectionSetNode,
    runtime: GraphQLNamedType | undefined,
    declared: GraphQLNamedType | undefined,
    sizing: Sizing | undefined,
  ): number {
    const key = `${runtime?.name}|${declared?.name}|${sizing ? `${sizing.size}:${sizing.fields.join(',')}` : ''}`;
    let known = memo.get(selectionSet);
    const remembered = known?.get(key);
    if (remembered !== undefined) return remembered;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, runtime, declared, sizing);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        if (!fragmentApplies(schema, condition, runtime)) continue;
        const conditionType = condition ? (schema?.getType(condition) ?? undefined) : declared;
        total += costForType(selection.selectionSet, runtime, conditionType, sizing);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        const condition = fragment.typeCondition.name.value;
        if (!fragmentApplies(schema, condition, runtime)) continue;
        visiting.add(name);
        total += costForType(fragment.selectionSet, runtime, schema?.getType(condition) ?? undefined, sizing);
        visiting.delete(name);
      }
    }
    if (!known) memo.set(selectionSet, (known = new Map()));
    known.set(key, total);
    return total;
  }

  return selectionCost(operation.selectionSet, rootType(schema, operation), undefined);
}

/**
 * The requested cost of a request: its operation's (`operationName`, or the only one), or the
 * costliest operation of the document when it names none — the number the static limit and
 * the quotas both use.
 */
export function estimateCost(
  model: CostModel | undefined,
  document: DocumentNode,
  options: EstimateOptions = {},
): number {
  const operation = selectOperation(document, options.operationName);
  if (operation) return operationCost(model, document, operation, options);
  return Math.max(0, ...operationsOf(document).map((each) => operationCost(model, document, each, options)));
}
