import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@salesgraph/logging';
import { loadSupergraph, supergraphFromSdl, type Supergraph } from './supergraph.js';

export interface SupergraphFileOptions {
  readonly path: string;
  readonly overrides: Readonly<Record<string, string>>;
  /** How often the file is checked for a change; 0 loads it once. */
  readonly pollMs: number;
  /** The file's SDL -> what the gateway loads (supergraphForApolloGateway, the public contract). */
  readonly derive: (supergraphSdl: string) => string;
  readonly logger: Logger;
  /** Told the routing URLs before the gateway builds its subgraph clients, at load and at every reload. */
  readonly onRouting: (routingUrls: ReadonlyMap<string, string>) => void;
  /** Told how each changed file ended: swapped in, or refused (the previous schema stays). */
  readonly onReload?: (result: 'applied' | 'rejected') => void;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The composed supergraph file as an ApolloGateway `supergraphSdl` manager: loaded at start,
 * then watched by polling (reading and hashing it: a few kilobytes, and unlike inotify it works
 * on every file system, bind mounts and config-map symlink swaps included). A changed file is parsed and checked like at start
 * and handed to the gateway's `update()`; if anything refuses it (unreadable, not GraphQL,
 * not a supergraph, missing routing URL, rejected by Apollo's supergraph validation) the
 * gateway keeps serving the previous schema and the refusal is logged once per file content.
 */
export function supergraphFile(options: SupergraphFileOptions): SupergraphManager {
  const { path, overrides, logger } = options;
  return {
    async initialize({ update }) {
      const initial = await loadSupergraph(path, overrides);
      const initialSdl = options.derive(initial.sdl);
      options.onRouting(initial.routingUrls);
      let applied = initial;
      let lastContent = digest(initial.sdl);
      let checking = false;

      async function reload(): Promise<void> {
        const sdl = await readFile(path, 'utf8').catch(() => undefined);
        if (sdl === undefined) return; // mid-replacement, or removed: the next poll looks again
        const content = digest(sdl);
        if (content === lastContent) return;
        lastContent = content;
        let next: Supergraph;
        try {
          next = supergraphFromSdl(sdl, overrides, path);
          options.onRouting(next.routingUrls);
          update(options.derive(next.sdl));
        } catch (error) {
          options.onRouting(applied.routingUrls);
          logger.warn(
            { path, reason: (error as Error).message.slice(0, 500) },
            'supergraph file refused; keeping the current schema',
          );
          options.onReload?.('rejected');
          return;
        }
        applied = next;
        logger.info({ path, subgraphs: [...next.routingUrls.keys()] }, 'supergraph reloaded');
        options.onReload?.('applied');
      }

      const timer =
        options.pollMs > 0
          ? setInterval(() => {
              if (checking) return;
              checking = true;
              reload()
                .catch((error: unknown) =>
                  logger.error({ path, reason: (error as Error).message }, 'supergraph reload failed'),
                )
                .finally(() => (checking = false));
            }, options.pollMs)
          : undefined;
      timer?.unref();
      return {
        supergraphSdl: initialSdl,
        cleanup: async () => clearInterval(timer),
      };
    },
  };
}
