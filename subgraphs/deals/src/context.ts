import type { SubgraphContext } from '@salesgraph/subgraph';

export type DealsContext = SubgraphContext;
