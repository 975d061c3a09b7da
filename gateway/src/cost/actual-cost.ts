import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type SelectionNode,
} from 'graphql';
import type { CostModel } from './cost-model.js';
import { fieldOf, fieldWeight, fragmentApplies, fragmentsOf, rootType, selectOperation } from './cost-rules.js';

export interface ActualCostOptions {
  readonly operationName?: string | null | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The fields selected on one object, by response key, with every node selecting that key
 * (their selections merge). Fragments count when they apply to the object's `__typename`
 * (all of them when it was not selected: keys the object lacks are skipped anyway).
 */
function collectFields(
  selections: readonly SelectionNode[],
  model: CostModel,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  runtime: GraphQLNamedType | undefined,
  into: Map<string, FieldNode[]>,
  visiting: Set<string>,
): Map<string, FieldNode[]> {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      into.set(key, [...(into.get(key) ?? []), selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (fragmentApplies(model.schema, selection.typeCondition?.name.value, runtime))
        collectFields(selection.selectionSet.selections, model, fragments, runtime, into, visiting);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      if (!fragmentApplies(model.schema, fragment.typeCondition.name.value, runtime)) continue;
      visiting.add(fragment.name.value);
      collectFields(fragment.selectionSet.selections, model, fragments, runtime, into, visiting);
      visiting.delete(fragment.name.value);
    }
  }
  return into;
}

/**
 * The actual cost of a response: the requested cost's rules applied to what was returned
 * (`estimateCost`), every list counted by its real length and a null by nothing. Shopify's
 * model: a request is admitted on its requested cost and charged this one.
 */
export function actualCost(
  model: CostModel,
  document: DocumentNode,
  data: unknown,
  { operationName }: ActualCostOptions = {},
): number {
  const operation = selectOperation(document, operationName);
  if (!operation || !isRecord(data)) return 0;
  const fragments = fragmentsOf(document);

  function objectCost(selections: readonly SelectionNode[], declared: GraphQLNamedType | undefined, value: unknown) {
    if (!isRecord(value)) return 0;
    const typename = value['__typename'];
    const runtime = (typeof typename === 'string' ? model.schema.getType(typename) : undefined) ?? declared;
    let total = 0;
    for (const [key, nodes] of collectFields(selections, model, fragments, runtime, new Map(), new Set())) {
      const first = nodes[0]!;
      if (first.name.value === '__typename' || !(key in value)) continue;
      const definition = fieldOf(runtime, first.name.value) ?? fieldOf(declared, first.name.value);
      if (!definition) continue;
      const weight = fieldWeight(model, runtime, declared, definition);
      const subSelections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
      total += valueCost(definition.type, weight, subSelections, value[key]);
    }
    return total;
  }

  function valueCost(
    type: GraphQLOutputType,
    weight: number,
    selections: readonly SelectionNode[],
    value: unknown,
  ): number {
    if (value === null || value === undefined) return 0;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return 0;
      let total = 0;
      for (const item of value) total += valueCost(nullable.ofType, weight, selections, item);
      return total;
    }
    return weight + (selections.length > 0 ? objectCost(selections, getNamedType(type), value) : 0);
  }

  return objectCost(operation.selectionSet.selections, rootType(model.schema, operation), data);
}
