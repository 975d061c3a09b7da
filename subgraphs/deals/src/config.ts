import { z } from 'zod';
import { loadConfig } from '@salesgraph/config';
import { subgraphEnv } from '@salesgraph/subgraph';

export const dealsEnv = z.object(subgraphEnv(4002));

export type DealsConfig = z.output<typeof dealsEnv>;

export const loadDealsConfig = (): Readonly<DealsConfig> => loadConfig(dealsEnv);
