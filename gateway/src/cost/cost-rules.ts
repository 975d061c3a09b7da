import {
  Kind,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { CostModel, ListSize } from './cost-model.js';

/** What a mutation's root field costs before its selection (Apollo's demand-control default). */
export const MUTATION_FIELD_WEIGHT = 10;

/** A field with `first`/`last` and no `@listSize` is sized by them (the implicit rule). */
const IMPLICIT_SLICING = ['first', 'last'];

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value))
      fragments.set(definition.name.value, definition);
  }
  return fragments;
}

export function operationsOf(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
}

/** The operation a request runs: the named one, or the only one. */
export function selectOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = operationsOf(document);
  if (operationName) return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

export function rootType(schema: GraphQLSchema | undefined, operation: OperationDefinitionNode) {
  if (!schema) return undefined;
  if (operation.operation === 'query') return schema.getQueryType() ?? undefined;
  if (operation.operation === 'mutation') return schema.getMutationType() ?? undefined;
  return schema.getSubscriptionType() ?? undefined;
}

export function fieldOf(
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

export const returnsList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * Whether a fragment on `condition` applies to an object of `runtime` type: no condition, the
 * same type, or an abstract condition `runtime` belongs to. Unknown types apply (no schema).
 */
export function fragmentApplies(
  schema: GraphQLSchema | undefined,
  condition: string | undefined,
  runtime: GraphQLNamedType | undefined,
): boolean {
  if (!condition || !schema || !runtime || condition === runtime.name) return true;
  const type = schema.getType(condition);
  if (!type) return true;
  return isAbstractType(type) && isObjectType(runtime) && schema.isSubType(type, runtime);
}

/**
 * The concrete types an object of `type` can be: itself for an object type, the possible
 * types of an interface or union (only one of them applies to each object).
 */
export function concreteTypes(
  schema: GraphQLSchema | undefined,
  type: GraphQLNamedType | undefined,
): readonly (GraphQLNamedType | undefined)[] {
  if (!schema || !type || !isAbstractType(type)) return [type];
  const possible: readonly GraphQLObjectType[] = schema.getPossibleTypes(type);
  return possible.length > 0 ? possible : [type];
}

/**
 * What selecting one value of a field costs before its selection: `@cost` on the field, else on
 * its type, else 1 for an object, interface or union and 0 for a scalar or enum; a mutation's
 * root field MUTATION_FIELD_WEIGHT. Without a schema every field costs 1.
 */
export function fieldWeight(
  model: CostModel | undefined,
  parent: GraphQLNamedType | undefined,
  declaredParent: GraphQLNamedType | undefined,
  definition: GraphQLField<unknown, unknown> | undefined,
): number {
  if (!model || !definition) return 1;
  const name = definition.name;
  const own = model.weights.get(`${parent?.name}.${name}`) ?? model.weights.get(`${declaredParent?.name}.${name}`);
  if (own !== undefined) return own;
  if (parent && parent === model.schema.getMutationType()) return MUTATION_FIELD_WEIGHT;
  const named = getNamedType(definition.type);
  return model.weights.get(named.name) ?? (isCompositeType(named) ? 1 : 0);
}

/** The field's `@listSize`, or the implicit one of a field with `first`/`last` arguments. */
export function listSizeOf(
  model: CostModel | undefined,
  parentName: string | undefined,
  declaredParentName: string | undefined,
  definition: GraphQLField<unknown, unknown> | undefined,
): ListSize | undefined {
  if (!model || !definition) return undefined;
  const declared =
    model.listSizes.get(`${parentName}.${definition.name}`) ??
    model.listSizes.get(`${declaredParentName}.${definition.name}`);
  if (declared) return declared;
  const slicing = definition.args.filter((arg) => IMPLICIT_SLICING.includes(arg.name)).map((arg) => arg.name);
  if (slicing.length === 0) return undefined;
  if (returnsList(definition.type)) return { slicingArguments: slicing };
  const named = getNamedType(definition.type);
  const sizedFields =
    isObjectType(named) || isInterfaceType(named)
      ? Object.values(named.getFields())
          .filter((child) => returnsList(child.type))
          .map((child) => child.name)
      : [];
  return { slicingArguments: slicing, sizedFields };
}

/** The largest value a slicing argument has in this field (a literal, the variable's value or default, the schema default). */
export function slicedSize(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  slicingArguments: readonly string[],
  variables: Readonly<Record<string, unknown>>,
  variableDefaults: ReadonlyMap<string, unknown>,
): number | undefined {
  let size: number | undefined;
  for (const name of slicingArguments) {
    const argument = field.arguments?.find((candidate) => candidate.name.value === name);
    let value: unknown;
    if (argument?.value.kind === Kind.INT) value = Number(argument.value.value);
    else if (argument?.value.kind === Kind.VARIABLE) {
      const variable = argument.value.name.value;
      value = variables[variable] ?? variableDefaults.get(variable);
    } else if (!argument) value = definition.args.find((candidate) => candidate.name === name)?.defaultValue;
    if (typeof value === 'number' && Number.isFinite(value)) size = Math.max(size ?? 0, Math.max(0, Math.trunc(value)));
  }
  return size;
}

/** The default values of the operation's variables (for slicing arguments given as variables). */
export function variableDefaultsOf(operation: OperationDefinitionNode): Map<string, unknown> {
  const defaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.INT)
      defaults.set(definition.variable.name.value, Number(definition.defaultValue.value));
  }
  return defaults;
}
