import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { directiveNamed, featureName, schemaDefinitionOf, stringArgument } from './supergraph-ast.js';

/** The `@tag` name of the public API. */
export const PUBLIC_TAG = 'public';

const INACCESSIBLE_URL = 'https://specs.apollo.dev/inaccessible/v0.2';
const INACCESSIBLE_LOCATIONS =
  'FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION';
const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** A tagged element that would expose something untagged; the contract is refused. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  constructor(readonly problems: readonly string[]) {
    super(`the public contract is inconsistent:\n  ${problems.join('\n  ')}`);
  }
}

type TypeDefinition = Extract<DefinitionNode, { name: { value: string } }> & { kind: TypeDefinitionKind };
type TypeDefinitionKind =
  | Kind.OBJECT_TYPE_DEFINITION
  | Kind.INTERFACE_TYPE_DEFINITION
  | Kind.UNION_TYPE_DEFINITION
  | Kind.ENUM_TYPE_DEFINITION
  | Kind.INPUT_OBJECT_TYPE_DEFINITION
  | Kind.SCALAR_TYPE_DEFINITION;

const typeKinds: ReadonlySet<string> = new Set([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.INPUT_OBJECT_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);

const namedTypeOf = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
const isRequired = (value: InputValueDefinitionNode) => value.type.kind === Kind.NON_NULL_TYPE && !value.defaultValue;
/** Federation's own types in a supergraph (join__Graph, link__Purpose...): never part of an API schema. */
const isFederationType = (name: string) => name.includes('__');

/**
 * The public contract of a composed supergraph, as Apollo's contracts derive one: every type,
 * field, argument and input field without `@tag(name: "public")` is made `@inaccessible`, so
 * the API schema of the result (what `/public/graphql` serves and `public-schema.graphql`
 * holds) has only the tagged part. Enums and custom scalars are public when a public element
 * uses them (type-graphql cannot tag enums); types no public root field reaches are dropped.
 * A tagged element that needs an untagged one (its type, a required argument or input
 * field) is an error, never silently widened or narrowed.
 */
export function publicContractSupergraph(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  const tag = featureName(document, '/tag/', 'tag');
  const isTagged = (node: { readonly directives?: readonly ConstDirectiveNode[] | undefined }) =>
    directiveNamed(node, tag).some((directive) => stringArgument(directive, 'name') === PUBLIC_TAG);

  const types = new Map<string, TypeDefinition>();
  for (const definition of document.definitions) {
    if (typeKinds.has(definition.kind) && 'name' in definition && definition.name) {
      const named = definition as TypeDefinition;
      if (!isFederationType(named.name.value)) types.set(named.name.value, named);
    }
  }
  const schema = schemaDefinitionOf(document);
  const roots = new Set(schema.operationTypes.map((operation) => operation.type.name.value));
  const fieldsOf = (type: TypeDefinition): readonly (FieldDefinitionNode | InputValueDefinitionNode)[] =>
    'fields' in type ? (type.fields ?? []) : [];

  // Object, interface, union and input types are public when tagged; root types when a field is.
  const tagged = new Set(
    [...types.values()]
      .filter((type) =>
        roots.has(type.name.value)
          ? fieldsOf(type).some(isTagged)
          : isTagged(type) && type.kind !== Kind.ENUM_TYPE_DEFINITION,
      )
      .map((type) => type.name.value),
  );
  const problems: string[] = [];
  const mayUse = (name: string, where: string) => {
    const type = types.get(name);
    if (!type || BUILT_IN_SCALARS.has(name)) return;
    if (type.kind === Kind.ENUM_TYPE_DEFINITION || type.kind === Kind.SCALAR_TYPE_DEFINITION) return;
    if (!tagged.has(name)) problems.push(`${where} is public but its type ${name} is not tagged public`);
  };

  // Walk from the public root fields: what they reach is the contract.
  const reached = new Set<string>();
  const walk = (name: string) => {
    const type = types.get(name);
    if (!type || reached.has(name) || (!tagged.has(name) && !isLeaf(type))) return;
    reached.add(name);
    if (type.kind === Kind.UNION_TYPE_DEFINITION) {
      for (const member of type.types ?? []) if (tagged.has(member.name.value)) walk(member.name.value);
      return;
    }
    for (const field of fieldsOf(type)) {
      if (!isTagged(field)) {
        if (type.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && isRequired(field as InputValueDefinitionNode))
          problems.push(`${name}.${field.name.value} is required but not tagged public`);
        continue;
      }
      const where = `${name}.${field.name.value}`;
      mayUse(namedTypeOf(field.type), where);
      walk(namedTypeOf(field.type));
      for (const argument of 'arguments' in field ? (field.arguments ?? []) : []) {
        if (isTagged(argument)) {
          mayUse(namedTypeOf(argument.type), `${where}(${argument.name.value}:)`);
          walk(namedTypeOf(argument.type));
        } else if (isRequired(argument)) {
          problems.push(`${where}(${argument.name.value}:) is required but not tagged public`);
        }
      }
    }
  };
  for (const root of roots) walk(root);
  if (problems.length > 0) throw new ContractError([...new Set(problems)]);

  const inaccessible = featureName(document, '/inaccessible/', 'inaccessible');
  // An element a subgraph already made @inaccessible keeps its one directive.
  const mark = <T extends { readonly directives?: readonly ConstDirectiveNode[] | undefined }>(node: T): T =>
    node.directives?.some((directive) => directive.name.value === inaccessible)
      ? node
      : { ...node, directives: [...(node.directives ?? []), directiveNode(inaccessible)] };
  const markUntagged = <T extends { readonly directives?: readonly ConstDirectiveNode[] | undefined }>(node: T): T =>
    isTagged(node) ? node : mark(node);

  const definitions = document.definitions.map((definition): DefinitionNode => {
    if (!typeKinds.has(definition.kind) || !('name' in definition) || !definition.name) return definition;
    const type = definition as TypeDefinition;
    const name = type.name.value;
    if (isFederationType(name) || BUILT_IN_SCALARS.has(name)) return definition;
    if (!reached.has(name)) return mark(type);
    if (type.kind === Kind.OBJECT_TYPE_DEFINITION || type.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      return {
        ...type,
        fields: (type.fields ?? []).map((field) =>
          isTagged(field) ? { ...field, arguments: (field.arguments ?? []).map(markUntagged) } : mark(field),
        ),
      };
    }
    if (type.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION)
      return { ...type, fields: (type.fields ?? []).map(markUntagged) };
    return definition;
  });
  return `${print(withInaccessibleLinked({ ...document, definitions }, inaccessible))}\n`;
}

function isLeaf(type: TypeDefinition): boolean {
  return type.kind === Kind.ENUM_TYPE_DEFINITION || type.kind === Kind.SCALAR_TYPE_DEFINITION;
}

function directiveNode(name: string): ConstDirectiveNode {
  return { kind: Kind.DIRECTIVE, name: { kind: Kind.NAME, value: name }, arguments: [] };
}

/** Links the inaccessible spec (and defines its directive) unless the supergraph already does. */
function withInaccessibleLinked(document: DocumentNode, name: string): DocumentNode {
  const linked = document.definitions.some(
    (definition) => definition.kind === Kind.DIRECTIVE_DEFINITION && definition.name.value === name,
  );
  if (linked) return document;
  const additions = parse(
    `schema @link(url: "${INACCESSIBLE_URL}", for: SECURITY) { query: Query }
     directive @${name} on ${INACCESSIBLE_LOCATIONS}`,
  ).definitions;
  const link = (additions[0] as Extract<DefinitionNode, { kind: Kind.SCHEMA_DEFINITION }>).directives ?? [];
  return {
    ...document,
    definitions: [
      ...document.definitions.map((definition) =>
        definition.kind === Kind.SCHEMA_DEFINITION
          ? { ...definition, directives: [...(definition.directives ?? []), ...link] }
          : definition,
      ),
      additions[1]!,
    ],
  };
}
