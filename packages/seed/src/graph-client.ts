/** A GraphQL error as the gateway returned it (code and field, never internals). */
export interface GraphErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly field?: string } & Record<string, unknown>;
}

/** The operation answered with errors (or not with GraphQL at all). */
export class GraphError extends Error {
  constructor(
    readonly operation: string,
    readonly errors: readonly GraphErrorEntry[],
    readonly status: number,
  ) {
    super(
      `${operation}: ${errors.map((e) => `${e.extensions?.code ?? 'ERROR'}${e.extensions?.field ? ` (${e.extensions.field})` : ''}: ${e.message}`).join('; ')}`,
    );
    this.name = 'GraphError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export interface GraphClient {
  readonly url: string;
  /** Runs one operation as the holder of `token`; answers `data`, or throws GraphError. */
  execute<T = Record<string, any>>(token: string, document: string, variables?: Record<string, unknown>): Promise<T>;
  /** How many operations were sent. */
  readonly requests: number;
  /** Count and total milliseconds per operation name. */
  timings(): Readonly<Record<string, { readonly count: number; readonly ms: number }>>;
}

/** Errors that say nothing about the request itself: worth asking again (queries only). */
const passingCodes = new Set(['INTERNAL_SERVER_ERROR', 'SUBGRAPH_UNAVAILABLE']);
const isPassing = (error: unknown) =>
  error instanceof GraphError ? passingCodes.has(error.code ?? '') || error.status >= 500 : error instanceof TypeError;

const operationName = (document: string) => /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'operation';

/** A plain GraphQL-over-HTTP client of the gateway (fetch keeps connections alive). */
export function createGraphClient(url: string): GraphClient {
  let requests = 0;
  const timings: Record<string, { count: number; ms: number }> = {};

  async function once<T>(token: string, document: string, variables: Record<string, unknown>): Promise<T> {
    requests += 1;
    const name = operationName(document);
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: document, variables }),
    });
    const text = await response.text();
    const timing = (timings[name] ??= { count: 0, ms: 0 });
    timing.count += 1;
    timing.ms += performance.now() - started;
    let body: { data?: T | null; errors?: GraphErrorEntry[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new GraphError(name, [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }], response.status);
    }
    if (body.errors?.length || !body.data)
      throw new GraphError(name, body.errors ?? [{ message: 'no data' }], response.status);
    return body.data;
  }

  return {
    url,
    get requests() {
      return requests;
    },
    timings: () => timings,
    async execute<T>(token: string, document: string, variables: Record<string, unknown> = {}): Promise<T> {
      // A query changes nothing: one that failed for a passing reason (a subgraph out of database
      // connections, a connection reset) is asked again, twice at most. A mutation is sent once.
      const retries = /^\s*query\b/.test(document) ? 2 : 0;
      for (let attempt = 0; ; attempt++) {
        try {
          return await once<T>(token, document, variables);
        } catch (error) {
          if (attempt >= retries || !isPassing(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
        }
      }
    },
  };
}
