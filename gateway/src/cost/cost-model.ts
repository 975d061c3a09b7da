import {
  Kind,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type DefinitionNode,
  type GraphQLSchema,
} from 'graphql';

/** A field's `@listSize` (federation 2.9 / the IBM cost specification). */
export interface ListSize {
  /** Size when no slicing argument gives one. */
  readonly assumedSize?: number;
  /** Arguments whose value is the size (the largest given counts). */
  readonly slicingArguments?: readonly string[];
  /** Fields of the returned object that the size applies to (a connection's `edges`), instead of the field itself. */
  readonly sizedFields?: readonly string[];
}

/**
 * What the cost of a document is computed from: the API schema and the `@cost`/`@listSize`
 * directives composed into the supergraph (the API schema drops them, so they are read from
 * the supergraph SDL), and the size assumed for a list nothing sizes.
 */
export interface CostModel {
  readonly schema: GraphQLSchema;
  /** Size of a list field with no `@listSize` and no slicing argument (`GRAPHQL_DEFAULT_LIST_SIZE`). */
  readonly defaultListSize: number;
  /** `@cost(weight)` by `Type.field` and by type name. */
  readonly weights: ReadonlyMap<string, number>;
  /** `@listSize` by `Type.field`. */
  readonly listSizes: ReadonlyMap<string, ListSize>;
}

/** The names a composed supergraph may give the cost spec's directives. */
const COST_NAMES = new Set(['cost', 'federation__cost']);
const LIST_SIZE_NAMES = new Set(['listSize', 'federation__listSize']);

function argumentsOf(directive: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries(
    (directive.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value)]),
  );
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

function listSizeOf(directive: ConstDirectiveNode): ListSize {
  const { assumedSize, slicingArguments, sizedFields } = argumentsOf(directive);
  return {
    ...(typeof assumedSize === 'number' ? { assumedSize } : {}),
    ...(strings(slicingArguments) ? { slicingArguments: strings(slicingArguments)! } : {}),
    ...(strings(sizedFields) ? { sizedFields: strings(sizedFields)! } : {}),
  };
}

function weightOf(directive: ConstDirectiveNode): number | undefined {
  const { weight } = argumentsOf(directive);
  const value = typeof weight === 'string' ? Number(weight) : weight;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function readDirectives(
  definition: DefinitionNode,
  weights: Map<string, number>,
  listSizes: Map<string, ListSize>,
): void {
  if (
    definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
    definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
    definition.kind !== Kind.UNION_TYPE_DEFINITION &&
    definition.kind !== Kind.ENUM_TYPE_DEFINITION &&
    definition.kind !== Kind.SCALAR_TYPE_DEFINITION
  ) {
    return;
  }
  const typeName = definition.name.value;
  for (const directive of definition.directives ?? []) {
    const weight = COST_NAMES.has(directive.name.value) ? weightOf(directive) : undefined;
    if (weight !== undefined) weights.set(typeName, weight);
  }
  if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) return;
  for (const field of definition.fields ?? []) {
    const key = `${typeName}.${field.name.value}`;
    for (const directive of field.directives ?? []) {
      if (COST_NAMES.has(directive.name.value)) {
        const weight = weightOf(directive);
        if (weight !== undefined) weights.set(key, weight);
      } else if (LIST_SIZE_NAMES.has(directive.name.value)) listSizes.set(key, listSizeOf(directive));
    }
  }
}

/** The cost model of an API schema and the supergraph SDL it was built from (read once per schema). */
export function createCostModel(
  schema: GraphQLSchema,
  supergraphSdl: string | undefined,
  defaultListSize: number,
): CostModel {
  const weights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();
  if (supergraphSdl) {
    for (const definition of parse(supergraphSdl, { noLocation: true }).definitions) {
      readDirectives(definition, weights, listSizes);
    }
  }
  return { schema, defaultListSize, weights, listSizes };
}
