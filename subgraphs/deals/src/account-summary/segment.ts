import type { Segment } from '@salesgraph/subgraph';

/** Sort position of a segment: by company size, smallest first. */
export const segmentRank: Readonly<Record<Segment, number>> = { SMB: 1, MID: 2, ENTERPRISE: 3 };
