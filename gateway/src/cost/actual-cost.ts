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
import { isRecord } from '../json-record.js';

export interface ActualCostOptions {
  readonly operationName?: string | null | undefined;
}

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

/** A field selected on an object of one type, as the cost walk needs it. */
interface CostedField {
  readonly key: string;
  readonly weight: number;
  /** How many lists wrap the field's named type (`[[T]]`: 2). */
  readonly listDepth: number;
  readonly named: GraphQLNamedType;
  /** The merged sub-selections of every node selecting `key` (the same array on every request). */
  readonly selections: readonly SelectionNode[];
}

type CostedFieldsByType = Map<GraphQLNamedType | undefined, Map<GraphQLNamedType | undefined, CostedField[]>>;

/**
 * The costed fields of each selection set, per runtime and declared type, per cost model: a
 * document cached by Apollo keeps its AST, so every request after the first walks the response
 * without collecting fields or looking up weights again. A field that costs nothing whatever it
 * returns (a scalar or enum of weight 0) is left out: the walk never visits it.
 */
const costedFieldsByModel = new WeakMap<CostModel, WeakMap<readonly SelectionNode[], CostedFieldsByType>>();

function listDepthOf(type: GraphQLOutputType): number {
  let depth = 0;
  for (let inner = getNullableType(type); isListType(inner); inner = getNullableType(inner.ofType)) depth++;
  return depth;
}

function costedFields(
  model: CostModel,
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  runtime: GraphQLNamedType | undefined,
  declared: GraphQLNamedType | undefined,
): CostedField[] {
  let bySelections = costedFieldsByModel.get(model);
  if (!bySelections) costedFieldsByModel.set(model, (bySelections = new WeakMap()));
  let byRuntime = bySelections.get(selections);
  if (!byRuntime) bySelections.set(selections, (byRuntime = new Map()));
  let byDeclared = byRuntime.get(runtime);
  if (!byDeclared) byRuntime.set(runtime, (byDeclared = new Map()));
  let fields = byDeclared.get(declared);
  if (fields) return fields;
  fields = [];
  for (const [key, nodes] of collectFields(selections, model, fragments, runtime, new Map(), new Set())) {
    const first = nodes[0]!;
    if (first.name.value === '__typename') continue;
    const definition = fieldOf(runtime, first.name.value) ?? fieldOf(declared, first.name.value);
    if (!definition) continue;
    const weight = fieldWeight(model, runtime, declared, definition);
    const subSelections = nodes.flatMap((node) => node.selectionSet?.selections ?? []);
    if (weight === 0 && subSelections.length === 0) continue;
    fields.push({
      key,
      weight,
      listDepth: listDepthOf(definition.type),
      named: getNamedType(definition.type),
      selections: subSelections,
    });
  }
  byDeclared.set(declared, fields);
  return fields;
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
    for (const field of costedFields(model, selections, fragments, runtime, declared)) {
      const fieldValue = value[field.key];
      if (fieldValue !== undefined && fieldValue !== null) total += valueCost(field, field.listDepth, fieldValue);
    }
    return total;
  }

  function valueCost(field: CostedField, listDepth: number, value: unknown): number {
    if (value === null || value === undefined) return 0;
    if (listDepth > 0) {
      if (!Array.isArray(value)) return 0;
      let total = 0;
      for (const item of value) total += valueCost(field, listDepth - 1, item);
      return total;
    }
    return field.weight + (field.selections.length > 0 ? objectCost(field.selections, field.named, value) : 0);
  }

  return objectCost(operation.selectionSet.selections, rootType(model.schema, operation), data);
}
