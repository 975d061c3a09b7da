import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';

/** What every resolver gets: the verified caller and a unit of work scoped to their tenant. */
export interface SubgraphContext {
  readonly identity: Identity;
  readonly em: EntityManager;
  readonly loaders: Map<string, DataLoader<unknown, unknown>>;
}

/** One DataLoader per name per request: batches every load of a tick into one call. */
export function requestLoader<K, V>(
  context: SubgraphContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
): DataLoader<K, V> {
  let loader = context.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    context.loaders.set(name, loader);
  }
  return loader;
}
