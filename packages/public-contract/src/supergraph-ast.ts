import { Kind, type ConstDirectiveNode, type DocumentNode, type SchemaDefinitionNode } from 'graphql';

export function schemaDefinitionOf(document: DocumentNode): SchemaDefinitionNode {
  const schema = document.definitions.find((definition) => definition.kind === Kind.SCHEMA_DEFINITION);
  if (!schema) throw new Error('not a composed supergraph: the schema definition is missing');
  return schema;
}

export function directiveNamed(
  node: { readonly directives?: readonly ConstDirectiveNode[] | undefined },
  name: string,
): readonly ConstDirectiveNode[] {
  return (node.directives ?? []).filter((directive) => directive.name.value === name);
}

export function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/**
 * The name a linked spec's directive has in this supergraph (`@link(url: ".../tag/v0.3", as: ...)`),
 * or `fallback` when the spec is not linked (yet).
 */
export function featureName(document: DocumentNode, urlPart: string, fallback: string): string {
  for (const link of directiveNamed(schemaDefinitionOf(document), 'link')) {
    if (stringArgument(link, 'url')?.includes(urlPart)) return stringArgument(link, 'as') ?? fallback;
  }
  return fallback;
}
