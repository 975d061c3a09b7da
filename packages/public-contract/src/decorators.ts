import { Directive } from 'type-graphql';
import type { PublicScope } from '@salesgraph/auth';
import { PUBLIC_TAG } from './contract.js';

/**
 * Puts a type, field, argument or input field into the public API (federation's
 * `@tag(name: "public")`; README "For third-party developers"). Every element is tagged on
 * its own: a field of a public type, or an argument of a public field, stays internal unless
 * it is tagged too. Enums and scalars follow the public elements that use them.
 */
export const Public = () => Directive(`@tag(name: "${PUBLIC_TAG}")`);

/**
 * Federation's `@requiresScopes`: the field (or every field returning the type) needs all the
 * scopes of one of the lists. The gateway removes a field the caller lacks the scopes for
 * (FORBIDDEN naming them); subgraphs check the same for third-party clients.
 */
export const RequiresScopes = (...anyOf: readonly (PublicScope | readonly PublicScope[])[]) =>
  Directive(
    `@requiresScopes(scopes: [${anyOf
      .map((all) => `[${(typeof all === 'string' ? [all] : all).map((scope) => `"${scope}"`).join(', ')}]`)
      .join(', ')}])`,
  );

/** Federation's `@authenticated`: any verified token will do (every token is verified anyway). */
export const Authenticated = () => Directive('@authenticated');
