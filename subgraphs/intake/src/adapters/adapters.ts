import type { SalesSystemAdapter } from './adapter.js';
import { pyxisAdapter } from './pyxis/pyxis.adapter.js';
import { tempoAdapter } from './tempo/tempo.adapter.js';

/** Every sales system the intake takes orders from (README "Adding a system"). */
export const adapters: readonly SalesSystemAdapter[] = [pyxisAdapter, tempoAdapter];

export const adapterBySlug = (slug: string): SalesSystemAdapter | undefined =>
  adapters.find((adapter) => adapter.slug === slug);
