import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type DirectiveNode,
  type SelectionNode,
} from 'graphql';
import { valueShape, type ValueShape } from './value-shape.js';

/** What the response writer needs of one operation: its schema, fragments and condition variables. */
export interface OperationShape {
  readonly schema: GraphQLSchema;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
}

/** The variable values `@skip`/`@include` read in one request (defaults applied). */
export type ConditionVariables = Readonly<Record<string, unknown>>;

/** One response key of an object, its field nodes merged (GraphQL's CollectFields). */
export interface CollectedField {
  readonly responseName: string;
  /** `"responseName":`, ready to write. */
  readonly jsonKey: string;
  readonly role: 'typename' | 'introspection' | 'value';
  /** The type the field is selected on, where it was written (for `__typename` without one). */
  readonly enclosing: GraphQLCompositeType;
  /** The field's type, compiled; undefined for `__typename` and introspection fields. */
  readonly shape: ValueShape | undefined;
  readonly nodes: readonly FieldNode[];
  /** The selection of a composite field, shared by every request of the operation. */
  readonly child: ObjectShape | undefined;
}

const skipped = (directives: readonly DirectiveNode[] | undefined, variables: ConditionVariables): boolean => {
  if (!directives || directives.length === 0) return false;
  for (const directive of directives) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const argument = directive.arguments?.find((candidate) => candidate.name.value === 'if')?.value;
    let value: unknown;
    if (argument?.kind === Kind.BOOLEAN) value = argument.value;
    else if (argument?.kind === Kind.VARIABLE) value = variables[argument.name.value];
    if (typeof value !== 'boolean')
      throw new Error(`Unexpected value ${String(value)} for the if argument of @${name}`);
    if (name === 'skip' ? value : !value) return true;
  }
  return false;
};

/**
 * The selection of one composite position of the operation (all field nodes merged there),
 * collected per runtime type and per `@skip`/`@include` outcome on first use, then reused
 * by every request of the same plan.
 */
export class ObjectShape {
  private readonly collected = new Map<string, readonly CollectedField[]>();

  constructor(
    private readonly operation: OperationShape,
    /** Each selection set merged here, with the type it selects on (the field's type where it was written). */
    readonly selectionSets: readonly (readonly [SelectionSetNode, GraphQLCompositeType])[],
    /** The field's declared type: the runtime type when the object has no `__typename`. */
    readonly declared: GraphQLCompositeType,
  ) {}

  /** The fields to write for an object of `typename` (absent: the declared type). */
  fields(typename: string | undefined, conditionKey: string, variables: ConditionVariables): readonly CollectedField[] {
    const key = typename === undefined ? conditionKey : `${conditionKey}\u0000${typename}`;
    let fields = this.collected.get(key);
    if (!fields) {
      fields = this.collect(typename, variables);
      this.collected.set(key, fields);
    }
    return fields;
  }

  private collect(typename: string | undefined, variables: ConditionVariables): readonly CollectedField[] {
    const { schema, fragments } = this.operation;
    const runtime: GraphQLNamedType | undefined = typename === undefined ? undefined : schema.getType(typename);
    const byName = new Map<string, { nodes: FieldNode[]; enclosings: GraphQLCompositeType[] }>();
    const applies = (condition: GraphQLNamedType | undefined, enclosing: GraphQLCompositeType): boolean => {
      if (!condition) return false;
      const type = typename === undefined ? enclosing : runtime;
      if (!type) return false;
      if (condition === type) return true;
      return (
        isAbstractType(condition) && (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type)
      );
    };
    const visit = (selections: readonly SelectionNode[], enclosing: GraphQLCompositeType): void => {
      for (const selection of selections) {
        if (skipped(selection.directives, variables)) continue;
        if (selection.kind === Kind.FIELD) {
          const name = selection.alias?.value ?? selection.name.value;
          const entry = byName.get(name);
          if (entry) {
            entry.nodes.push(selection);
            entry.enclosings.push(enclosing);
          } else {
            byName.set(name, { nodes: [selection], enclosings: [enclosing] });
          }
          continue;
        }
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
        if (!fragment) continue;
        if (!fragment.typeCondition) {
          visit(fragment.selectionSet.selections, enclosing);
          continue;
        }
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (applies(condition, enclosing) && isCompositeType(condition))
          visit(fragment.selectionSet.selections, condition);
      }
    };
    for (const [selectionSet, type] of this.selectionSets) visit(selectionSet.selections, type);
    return [...byName].map(([responseName, { nodes, enclosings }]) => this.field(responseName, nodes, enclosings));
  }

  private field(responseName: string, nodes: FieldNode[], enclosings: GraphQLCompositeType[]): CollectedField {
    const name = nodes[0]!.name.value;
    const enclosing = enclosings[0]!;
    const jsonKey = `${JSON.stringify(responseName)}:`;
    if (name === '__typename')
      return { responseName, jsonKey, role: 'typename', enclosing, shape: undefined, nodes, child: undefined };
    if (name === '__schema' || name === '__type')
      return { responseName, jsonKey, role: 'introspection', enclosing, shape: undefined, nodes, child: undefined };
    const definitions = enclosings.map((type) => {
      const definition = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
      if (!definition) throw new Error(`Cannot query field "${name}" on type "${type.name}"`);
      return definition;
    });
    const declared = getNamedType(definitions[0]!.type);
    let child: ObjectShape | undefined;
    if (isCompositeType(declared)) {
      const selectionSets = nodes.flatMap((node, index) => {
        const type = getNamedType(definitions[index]!.type);
        return node.selectionSet && isCompositeType(type) ? [[node.selectionSet, type] as const] : [];
      });
      child = new ObjectShape(this.operation, selectionSets, declared);
    }
    return { responseName, jsonKey, role: 'value', enclosing, shape: valueShape(definitions[0]!.type), nodes, child };
  }
}
