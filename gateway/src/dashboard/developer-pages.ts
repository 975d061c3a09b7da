import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '@salesgraph/http';
import { describeError, type Logger } from '@salesgraph/logging';
import { cachedFile, sendFile, staticFile, type StaticFile } from './static-files.js';

export interface DeveloperPagesOptions {
  /** Prefilled in GraphiQL's headers and used by the dashboard (the embedded start's demo token). */
  readonly token?: string;
  readonly logger: Logger;
}

/** The browser files in gateway/src/dashboard/public (read from the source tree; tsc copies no assets). */
const publicDir = fileURLToPath(new URL('../../src/dashboard/public/', import.meta.url));
const packageDir = (specifier: string) => dirname(fileURLToPath(import.meta.resolve(specifier)));

/**
 * Third-party browser files, served from the npm packages (no CDN, works offline): GraphiQL's
 * UMD build needs React 18's UMD builds (React 19 ships none); graphql-ws gives GraphiQL its
 * subscription client (UMD) and the dashboard its ES module client.
 */
const vendorFiles: Record<string, () => string> = {
  'graphiql.min.js': () => join(packageDir('graphiql/package.json'), 'graphiql.min.js'),
  'graphiql.min.css': () => join(packageDir('graphiql/package.json'), 'graphiql.min.css'),
  'react.production.min.js': () => join(packageDir('react/package.json'), 'umd/react.production.min.js'),
  'react-dom.production.min.js': () => join(packageDir('react-dom/package.json'), 'umd/react-dom.production.min.js'),
  'graphql-ws.min.js': () => join(packageDir('graphql-ws/client'), '../umd/graphql-ws.min.js'),
};
/** graphql-ws's browser ES modules: client.js and the chunk it imports. */
const graphqlWsModule = /^[A-Za-z0-9_-]+\.js$/;

const contentSecurityPolicy = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A browser asking for a page: GET with text/html acceptable (GraphQL clients ask for JSON). */
export function wantsHtml(req: IncomingMessage): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').toLowerCase().includes('text/html')
  );
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":"not found"}');
}

/**
 * Development pages on the gateway's server (never in production mode), as routes of its table:
 * - `/graphql` asked for by a browser (Accept: text/html): GraphiQL, token prefilled in the
 *   headers editor, subscriptions over graphql-ws;
 * - `/dashboard`: the live pipeline board (README: Dashboard), fed only by subscriptions;
 * - `/developer/...`: their scripts and styles, and the vendor files above.
 */
export function developerPageRoutes(options: DeveloperPagesOptions): Route[] {
  const config = JSON.stringify({ token: options.token ?? null }).replaceAll('<', '\\u003c');
  const pages = new Map<string, Promise<StaticFile>>();
  const page = (name: string) => {
    let file = pages.get(name);
    if (!file) {
      file = readFile(join(publicDir, name), 'utf8').then((html) =>
        staticFile(
          Buffer.from(
            html.replace(
              '<!--salesgraph-config-->',
              `<script id="salesgraph-config" type="application/json">${config}</script>`,
            ),
          ),
          name,
        ),
      );
      file.catch(() => pages.delete(name));
      pages.set(name, file);
    }
    return file;
  };
  const assets = new Map<string, () => Promise<StaticFile>>();
  const asset = (key: string, path: () => string) => {
    let file = assets.get(key);
    if (!file) {
      file = cachedFile(path());
      assets.set(key, file);
    }
    return file();
  };

  async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const headers = { 'content-security-policy': contentSecurityPolicy, 'referrer-policy': 'no-referrer' };
    if (pathname === '/graphql' && wantsHtml(req)) {
      sendFile(req, res, await page('graphiql.html'), headers);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname === '/dashboard' || pathname === '/dashboard/') {
      sendFile(req, res, await page('dashboard.html'), headers);
      return true;
    }
    const [, area, name, more] = /^\/developer\/(app|vendor|graphql-ws)\/([^/]+)(\/.*)?$/.exec(pathname) ?? [];
    if (!area || !name || more) return false;
    if (area === 'app' && /^[a-z-]+\.(js|css)$/.test(name)) {
      sendFile(req, res, await asset(`app/${name}`, () => join(publicDir, name)), headers);
      return true;
    }
    const vendor = area === 'vendor' ? vendorFiles[name] : undefined;
    if (vendor) {
      sendFile(req, res, await asset(`vendor/${name}`, vendor), headers);
      return true;
    }
    if (area === 'graphql-ws' && graphqlWsModule.test(name)) {
      sendFile(req, res, await asset(`graphql-ws/${name}`, () => join(packageDir('graphql-ws/client'), name)), headers);
      return true;
    }
    return false;
  }

  const handle = (req: IncomingMessage, res: ServerResponse, url: URL) =>
    serve(req, res, url.pathname).then(
      (served) => {
        if (!served) notFound(res);
      },
      (error: unknown) => {
        // A missing file (e.g. a package not installed) is logged by name only.
        options.logger.warn({ error: describeError(error), path: url.pathname }, 'developer page failed');
        if (!res.headersSent) notFound(res);
        else res.destroy();
      },
    );
  return [
    { path: '/graphql', when: wantsHtml, handle },
    { path: '/dashboard', methods: ['GET', 'HEAD'], handle },
    { path: '/dashboard/', methods: ['GET', 'HEAD'], handle },
    { path: '/developer/*', handle },
  ];
}
