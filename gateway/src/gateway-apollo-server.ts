import {
  ApolloServer,
  type ApolloServerOptions,
  type BaseContext,
  type ContextThunk,
  type HTTPGraphQLRequest,
  type HTTPGraphQLResponse,
} from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GuardDecision, GuardedOperation } from './request-guard.js';

/**
 * Answers a guarded request through `execute`, or shares the response of an identical one
 * in flight (src/sharing/read-sharing.ts).
 */
export type ShareResponse<C> = (
  context: C,
  request: HTTPGraphQLRequest,
  operation: GuardedOperation,
  execute: () => Promise<HTTPGraphQLResponse>,
) => Promise<HTTPGraphQLResponse>;

/**
 * A policy between the guard and execution (the public endpoint's scope check): the request to
 * execute and errors to add to its response, or the response that refuses it.
 */
export type Authorize<C> = (
  context: C,
  request: HTTPGraphQLRequest,
  operation: GuardedOperation,
) =>
  | { readonly execute: HTTPGraphQLRequest; readonly errors: readonly GraphQLFormattedError[] }
  | { readonly respond: HTTPGraphQLResponse };

/**
 * Admits a guarded, authorized request before execution (quotas, src/quota): undefined to go
 * on, or the response refusing it.
 */
export type AdmitRequest<C> = (
  context: C,
  request: HTTPGraphQLRequest,
  operation: GuardedOperation,
) => Promise<HTTPGraphQLResponse | undefined>;

export interface FrontChecks<C> {
  readonly guard?: ((request: HTTPGraphQLRequest) => GuardDecision) | undefined;
  readonly share?: ShareResponse<C> | undefined;
  readonly authorize?: Authorize<C> | undefined;
  readonly admit?: AdmitRequest<C> | undefined;
}

/** The response with `errors` appended to its JSON body (a complete body; a stream is left as it is). */
function withErrors(response: HTTPGraphQLResponse, errors: readonly GraphQLFormattedError[]): HTTPGraphQLResponse {
  if (errors.length === 0 || response.body.kind !== 'complete') return response;
  const body = JSON.parse(response.body.string) as { errors?: GraphQLFormattedError[] };
  return {
    ...response,
    body: { kind: 'complete', string: JSON.stringify({ ...body, errors: [...(body.errors ?? []), ...errors] }) },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A persisted-document request of GraphQL over HTTP (`documentId` beside `variables`, in the
 * POST body or the GET query string) as Apollo sees requests: `documentId` moves into
 * `extensions`, where the request guard resolves it. Everything else is left as sent.
 */
export function withDocumentIdInExtensions(request: HTTPGraphQLRequest): HTTPGraphQLRequest {
  if (request.method === 'POST' && isRecord(request.body) && 'documentId' in request.body) {
    const { documentId, ...body } = request.body;
    const extensions = isRecord(body['extensions']) ? body['extensions'] : {};
    return { ...request, body: { ...body, extensions: { ...extensions, documentId } } };
  }
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    const documentId = search.get('documentId');
    if (documentId === null) return request;
    search.delete('documentId');
    let extensions: unknown = {};
    try {
      extensions = JSON.parse(search.get('extensions') ?? '{}');
    } catch {
      return request; // Apollo refuses the malformed `extensions` parameter itself.
    }
    search.set('extensions', JSON.stringify({ ...(isRecord(extensions) ? extensions : {}), documentId }));
    return { ...request, search: `?${search.toString()}` };
  }
  return request;
}

/**
 * Apollo Server with the gateway's front checks. Apollo offers no hook between reading a
 * request and parsing its document that may answer it (an error thrown from a plugin's
 * `requestDidStart` becomes a 500), so they run here: the caller is authenticated first
 * (Apollo's context function, called once and reused), then `guard` either rewrites the
 * request (persisted operations) or answers it; `authorize` may narrow it (the public
 * endpoint's scopes); `admit` may refuse it (quotas); only then does Apollo see it — or, through `share`, an identical request
 * of the same principal already in flight answers it too.
 */
export class GatewayApolloServer<C extends BaseContext> extends ApolloServer<C> {
  private readonly guard: FrontChecks<C>['guard'];
  private readonly share: FrontChecks<C>['share'];
  private readonly authorize: FrontChecks<C>['authorize'];
  private readonly admit: FrontChecks<C>['admit'];

  constructor(config: ApolloServerOptions<C>, checks: FrontChecks<C> = {}) {
    super(config);
    this.guard = checks.guard;
    this.share = checks.share;
    this.authorize = checks.authorize;
    this.admit = checks.admit;
  }

  override async executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context,
  }: {
    httpGraphQLRequest: HTTPGraphQLRequest;
    context: ContextThunk<C>;
  }): Promise<HTTPGraphQLResponse> {
    let contextValue: Promise<C> | undefined;
    const contextOnce: ContextThunk<C> = () => (contextValue ??= context());
    const request = withDocumentIdInExtensions(httpGraphQLRequest);
    if (this.guard) {
      const authenticated = await contextOnce().then(
        () => true,
        () => false,
      );
      // An unauthenticated request goes to Apollo as it is, which answers it with the context's error.
      if (authenticated) {
        const decision = this.guard(request);
        if ('respond' in decision) return decision.respond;
        let guarded = decision.execute;
        let added: readonly GraphQLFormattedError[] = [];
        if (this.authorize && decision.operation) {
          const verdict = this.authorize(await contextOnce(), guarded, decision.operation);
          if ('respond' in verdict) return verdict.respond;
          guarded = verdict.execute;
          added = verdict.errors;
        }
        if (this.admit && decision.operation) {
          const refusal = await this.admit(await contextOnce(), guarded, decision.operation);
          if (refusal) return refusal;
        }
        const execute = () =>
          super
            .executeHTTPGraphQLRequest({ httpGraphQLRequest: guarded, context: contextOnce })
            .then((response) => withErrors(response, added));
        return this.share && decision.operation && added.length === 0
          ? this.share(await contextOnce(), guarded, decision.operation, execute)
          : execute();
      }
    }
    return super.executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: contextOnce });
  }
}
