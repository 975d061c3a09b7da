import type { GraphQLSchema } from 'graphql';
import { send, type Route } from '@salesgraph/http';
import { readDocsExamples, renderPublicDocs } from '@salesgraph/public-contract';
import type { ScopedSchema } from './scope-authorization.js';

export const PUBLIC_DOCS_PATH = '/public/docs';

/** A page with no script: inline styles only. */
const contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

/**
 * `/public/docs`: the reference of the public API (packages/public-contract docs.ts), rendered
 * from the contract the gateway serves right now (so it follows hot reloads) with the example
 * client's operations as examples. No token needed: the schema is public.
 */
export function publicDocsRoute(options: {
  readonly schema: () => ScopedSchema | undefined;
  /** The folder of the example client's `.graphql` operations (missing: no examples). */
  readonly examplesDir: string;
  readonly graphqlPath: string;
}): Route {
  const examples = readDocsExamples(options.examplesDir);
  const pages = new WeakMap<GraphQLSchema, Map<string, string>>();
  return {
    path: PUBLIC_DOCS_PATH,
    methods: ['GET', 'HEAD'],
    handle: (req, res) => {
      const current = options.schema();
      if (!current) return send(res, 503, '{"error":"the public schema is not loaded yet"}');
      const endpoint = `${req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${options.graphqlPath}`;
      let byEndpoint = pages.get(current.apiSchema);
      if (!byEndpoint) pages.set(current.apiSchema, (byEndpoint = new Map()));
      let html = byEndpoint.get(endpoint);
      if (html === undefined) {
        html = renderPublicDocs({ schema: current.apiSchema, requirements: current.requirements, examples, endpoint });
        if (byEndpoint.size > 16) byEndpoint.clear();
        byEndpoint.set(endpoint, html);
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
        'content-security-policy': contentSecurityPolicy,
        'referrer-policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
    },
  };
}
