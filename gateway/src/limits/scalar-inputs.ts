import {
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isInputType,
  isListType,
  isScalarType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { customScalars } from '@salesgraph/scalars';

/** A value one of our scalars refused: `field` is the argument path (`input.estimatedValue`). */
export interface ScalarInputProblem {
  readonly field: string;
  readonly message: string;
  /** Set when the value came in a variable. */
  readonly variable?: string;
}

/** A variable whose type holds a custom scalar, and the argument path it is passed as. */
interface CheckedVariable {
  readonly name: string;
  readonly type: GraphQLInputType;
  readonly argumentPath: string;
}

/** What a document needs checked against one schema: computed once, then only variables are walked. */
export interface ScalarInputPlan {
  /** The first literal our scalars refuse, if any. */
  readonly literalProblem: ScalarInputProblem | undefined;
  readonly variables: readonly CheckedVariable[];
}

/** Whether an input type (through lists and input objects) can hold one of our scalars. */
function holdsCustomScalar(type: GraphQLInputType, scalars: ReadonlyMap<string, GraphQLScalarType>): boolean {
  const seen = new Set<string>();
  const pending = [getNamedType(type)];
  while (pending.length > 0) {
    const named = pending.pop()!;
    if (seen.has(named.name)) continue;
    seen.add(named.name);
    if (isScalarType(named) && scalars.has(named.name)) return true;
    if (isInputObjectType(named))
      for (const field of Object.values(named.getFields())) pending.push(getNamedType(field.type));
  }
  return false;
}

const refusal = (error: unknown): string => (error instanceof Error ? error.message : 'invalid value');

/**
 * The literals of `document` checked with our scalar implementations (`parseLiteral`, as the
 * subgraphs will), and where each variable holding a custom scalar is passed. The gateway's API
 * schema only knows our scalars by name (they accept anything), so without this a bad `Money`
 * reached a subgraph, which refused the whole request.
 */
export function planScalarInputs(
  schema: GraphQLSchema,
  document: DocumentNode,
  scalars: ReadonlyMap<string, GraphQLScalarType> = customScalars,
): ScalarInputPlan {
  let literalProblem: ScalarInputProblem | undefined;
  const argumentPaths = new Map<string, string>();

  function walkLiteral(type: GraphQLInputType, node: ValueNode, path: string): void {
    if (literalProblem) return;
    if (node.kind === Kind.VARIABLE) {
      if (!argumentPaths.has(node.name.value)) argumentPaths.set(node.name.value, path);
      return;
    }
    if (node.kind === Kind.NULL) return;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      const items = node.kind === Kind.LIST ? node.values : [node];
      items.forEach((item, index) =>
        walkLiteral(nullable.ofType, item, node.kind === Kind.LIST ? `${path}[${index}]` : path),
      );
    } else if (isInputObjectType(nullable)) {
      if (node.kind !== Kind.OBJECT) return; // graphql's validation refuses it
      const fields = nullable.getFields();
      for (const field of node.fields) {
        const definition = fields[field.name.value];
        if (definition) walkLiteral(definition.type, field.value, `${path}.${field.name.value}`);
      }
    } else if (isScalarType(nullable)) {
      const scalar = scalars.get(nullable.name);
      if (!scalar) return;
      try {
        scalar.parseLiteral(node, undefined);
      } catch (error) {
        literalProblem = { field: path, message: refusal(error) };
      }
    }
  }

  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const type = typeInfo.getInputType();
        if (type) walkLiteral(type, node.value, node.name.value);
        return false;
      },
    }),
  );

  const variables: CheckedVariable[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const variable of definition.variableDefinitions ?? []) {
      const type = typeFromAST(schema, variable.type);
      const name = variable.variable.name.value;
      if (!type || !isInputType(type) || !holdsCustomScalar(type, scalars)) continue;
      variables.push({ name, type, argumentPath: argumentPaths.get(name) ?? name });
    }
  }
  return { literalProblem, variables };
}

/** The first value of `variables` our scalars refuse (`parseValue`, as the subgraphs will). */
export function scalarVariableProblem(
  plan: ScalarInputPlan,
  variables: Readonly<Record<string, unknown>>,
  scalars: ReadonlyMap<string, GraphQLScalarType> = customScalars,
): ScalarInputProblem | undefined {
  for (const { name, type, argumentPath } of plan.variables) {
    const problem = walkValue(type, variables[name], argumentPath, scalars);
    if (problem) return { ...problem, variable: name };
  }
  return undefined;
}

function walkValue(
  type: GraphQLInputType,
  value: unknown,
  path: string,
  scalars: ReadonlyMap<string, GraphQLScalarType>,
): ScalarInputProblem | undefined {
  if (value === null || value === undefined) return undefined;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const problem = walkValue(nullable.ofType, item, Array.isArray(value) ? `${path}[${index}]` : path, scalars);
      if (problem) return problem;
    }
  } else if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return undefined; // Apollo's coercion refuses it
    for (const [name, field] of Object.entries(nullable.getFields())) {
      const problem = walkValue(field.type, (value as Record<string, unknown>)[name], `${path}.${name}`, scalars);
      if (problem) return problem;
    }
  } else if (isScalarType(nullable)) {
    const scalar = scalars.get(nullable.name);
    if (!scalar) return undefined;
    try {
      scalar.parseValue(value);
    } catch (error) {
      return { field: path, message: refusal(error) };
    }
  }
  return undefined;
}
