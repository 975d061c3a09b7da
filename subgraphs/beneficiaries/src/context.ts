import type { SubgraphContext } from '@salesgraph/subgraph';

export type BeneficiariesContext = SubgraphContext;
