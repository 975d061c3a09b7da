import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { satisfiesScopes } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import { requirementOf, type AccessRequirement } from '@salesgraph/public-contract';
import type { SubgraphContext } from './context.js';

const describe = (scopes: readonly (readonly string[])[]) => scopes.map((all) => all.join(' and ')).join(', or ');

/**
 * Defence in depth for the public API: the gateway already removed every field a
 * third-party app's scopes do not allow (gateway/src/public), and the subgraph checks the
 * same `@requiresScopes` again, of the field and of its type, for a caller with a `clientId`
 * (an entity fetched by `_entities` included). Users of internal apps keep their role rules.
 */
export function withScopeChecks(schema: GraphQLSchema): GraphQLSchema {
  // Resolvers are set on the built schema in place: rebuilding it (mapSchema) would lose what
  // printSubgraphSchema and the entity resolvers read from the original type objects.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRequirements = [type.astNode, ...type.extensionASTNodes].map((node) => requirementOf(node ?? {}));
    for (const field of Object.values(type.getFields())) {
      const requirements = [requirementOf(field.astNode ?? {}), ...typeRequirements].filter(
        (requirement): requirement is AccessRequirement => requirement !== undefined,
      );
      if (requirements.length === 0) continue;
      const resolve: GraphQLFieldResolver<unknown, SubgraphContext> = field.resolve ?? defaultFieldResolver;
      const name = `${type.name}.${field.name}`;
      field.resolve = (source, args, context: SubgraphContext, info) => {
        if (context.identity.clientId !== undefined) {
          const missing = requirements.find(
            (requirement) => !satisfiesScopes(context.identity.scopes, requirement.scopes),
          );
          if (missing)
            throw appError('FORBIDDEN', `${name} needs the scope ${describe(missing.scopes)}`, {
              requiredScopes: missing.scopes,
            });
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
