import type { SubgraphContext } from '@salesgraph/subgraph';

export type IntakeContext = SubgraphContext;
