import type { QueryPlan } from '@apollo/query-planner';
import {
  executeSync,
  isCompositeType,
  Kind,
  OperationTypeNode,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compilePlan, type ProgramNode } from './plan-program.js';
import { ObjectShape, type CollectedField } from './selection-shape.js';

/** What one (plan, operation) compiles to, once, reused by every request of it. */
export interface OperationProgram {
  readonly plan: ProgramNode | undefined;
  readonly root: ObjectShape;
  readonly schema: GraphQLSchema;
  readonly operation: OperationDefinitionNode;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** Default values of the operation's variables (undefined when none has one). */
  readonly defaults: Readonly<Record<string, unknown>> | undefined;
  /** The variables `@skip`/`@include` read; their values pick the cached field collections. */
  readonly conditionVariables: readonly string[];
  /** Whether a `__typename` names a composite type (memoized per typename). */
  readonly isComposite: (typename: string) => boolean;
}

function conditionVariablesOf(nodes: readonly (OperationDefinitionNode | FragmentDefinitionNode)[]): string[] {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Directive(directive) {
        if (directive.name.value !== 'skip' && directive.name.value !== 'include') return;
        for (const argument of directive.arguments ?? [])
          if (argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
      },
    });
  }
  return [...names];
}

export function compileOperation(
  plan: QueryPlan,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
): OperationProgram {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new Error(`the schema has no ${operation.operation} type`);
  const composites = new Map<string, boolean>();
  let defaults: Record<string, unknown> | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    if (!definition.defaultValue) continue;
    defaults ??= {};
    defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return {
    plan: compilePlan(plan),
    root: new ObjectShape({ schema, fragments }, [[operation.selectionSet, rootType]], rootType),
    schema,
    operation,
    fragments,
    defaults,
    conditionVariables: conditionVariablesOf([operation, ...Object.values(fragments)]),
    isComposite: (typename) => {
      let composite = composites.get(typename);
      if (composite === undefined) {
        composite = isCompositeType(schema.getType(typename));
        composites.set(typename, composite);
      }
      return composite;
    },
  };
}

/** The cache key of `@skip`/`@include` outcomes for one request. */
export function conditionKey(program: OperationProgram, variables: Readonly<Record<string, unknown>>): string {
  let key = '';
  for (const name of program.conditionVariables) {
    const value = variables[name];
    key += value === true ? '1' : value === false ? '0' : '?';
  }
  return key;
}

/** `__schema` / `__type` at the root, answered by graphql-js from the API schema. */
export function introspect(
  program: OperationProgram,
  field: CollectedField,
  variables: Readonly<Record<string, unknown>>,
): unknown {
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: program.operation.variableDefinitions ?? [],
        selectionSet: { kind: Kind.SELECTION_SET, selections: field.nodes },
      },
      ...Object.values(program.fragments),
    ],
  };
  const { data, errors } = executeSync({ schema: program.schema, document, rootValue: {}, variableValues: variables });
  if (errors?.length || !data) throw new Error(`Introspection of ${field.responseName} failed`);
  return data[field.responseName];
}
