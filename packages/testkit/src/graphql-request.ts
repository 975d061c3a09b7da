import { identityHeaders } from './identity-headers.js';

export interface GraphQLResponse<T = Record<string, any>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: readonly {
    message: string;
    path?: readonly (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
}

/** A plain GraphQL-over-HTTP POST, as any client would send it. */
export async function graphqlRequest<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: { data?: T | null; errors?: GraphQLResponse['errors'] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
  }
  return { status: response.status, ...body };
}

/** A call to one subgraph as the gateway makes it: the caller's signed identity, plus any write headers. */
export async function graphqlRequestAs<T = Record<string, any>>(
  url: string,
  caller: Parameters<typeof identityHeaders>[0],
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  return graphqlRequest<T>(url, query, variables, { ...(await identityHeaders(caller)), ...headers });
}
