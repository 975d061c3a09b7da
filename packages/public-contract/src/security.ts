import { Kind, parse, print, type ConstDirectiveNode, type ConstValueNode, type DocumentNode } from 'graphql';
import { directiveNamed, featureName, schemaDefinitionOf, stringArgument } from './supergraph-ast.js';

/** What a field or type asks of the caller: `@authenticated`, and `@requiresScopes` (OR of ANDs). */
export interface AccessRequirement {
  readonly authenticated: boolean;
  readonly scopes: readonly (readonly string[])[];
}

/** The requirements composed into a supergraph, by type name and by `Type.field`. */
export interface AccessRequirements {
  readonly types: ReadonlyMap<string, AccessRequirement>;
  readonly fields: ReadonlyMap<string, AccessRequirement>;
}

const SECURITY_SPECS = ['/authenticated/', '/requiresScopes/', '/policy/'];

/**
 * The supergraph as `@apollo/gateway` loads it. Composition links `@authenticated` and
 * `@requiresScopes` `for: SECURITY`, and Apollo Gateway refuses a SECURITY feature it does not
 * enforce (only Apollo Router does). The gateway enforces them itself before planning
 * (gateway/src/public), so the purpose is dropped: the directives stay in the supergraph, the
 * gateway reads them with `accessRequirements`, and the API schema leaves them out as before.
 */
export function supergraphForApolloGateway(supergraphSdl: string): string {
  const document = parse(supergraphSdl);
  const schema = schemaDefinitionOf(document);
  const links = directiveNamed(schema, 'link');
  const security = links.filter((link) => SECURITY_SPECS.some((spec) => stringArgument(link, 'url')?.includes(spec)));
  if (security.length === 0) return supergraphSdl;
  const directives = (schema.directives ?? []).map((directive) =>
    security.includes(directive)
      ? { ...directive, arguments: directive.arguments?.filter((argument) => argument.name.value !== 'for') }
      : directive,
  );
  return `${print({
    ...document,
    definitions: document.definitions.map((definition) =>
      definition === schema ? { ...schema, directives } : definition,
    ),
  })}\n`;
}

function scopesOf(value: ConstValueNode | undefined): string[][] {
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((inner) =>
    inner.kind === Kind.LIST ? inner.values.flatMap((scope) => (scope.kind === Kind.STRING ? [scope.value] : [])) : [],
  );
}

/** The requirement one schema element declares (`names`: the directives' names in its schema). */
export function requirementOf(
  node: { readonly directives?: readonly ConstDirectiveNode[] | undefined },
  names: { authenticated: string; requiresScopes: string } = {
    authenticated: 'authenticated',
    requiresScopes: 'requiresScopes',
  },
): AccessRequirement | undefined {
  const authenticated = directiveNamed(node, names.authenticated).length > 0;
  const scopes = directiveNamed(node, names.requiresScopes).flatMap((directive) =>
    scopesOf(directive.arguments?.find((argument) => argument.name.value === 'scopes')?.value),
  );
  return authenticated || scopes.length > 0 ? { authenticated: authenticated || scopes.length > 0, scopes } : undefined;
}

/** Reads every `@authenticated` and `@requiresScopes` of a composed supergraph. */
export function accessRequirements(supergraph: string | DocumentNode): AccessRequirements {
  const document = typeof supergraph === 'string' ? parse(supergraph) : supergraph;
  const names = {
    authenticated: featureName(document, '/authenticated/', 'authenticated'),
    requiresScopes: featureName(document, '/requiresScopes/', 'requiresScopes'),
  };
  const types = new Map<string, AccessRequirement>();
  const fields = new Map<string, AccessRequirement>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeName = definition.name.value;
    const own = requirementOf(definition, names);
    if (own) types.set(typeName, own);
    for (const field of definition.fields ?? []) {
      const requirement = requirementOf(field, names);
      if (requirement) fields.set(`${typeName}.${field.name.value}`, requirement);
    }
  }
  return { types, fields };
}
