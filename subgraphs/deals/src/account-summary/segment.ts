import { registerEnumType } from 'type-graphql';

/** The company segment as accounts publishes it (same enum, same values as accounts' `Segment`). */
export enum Segment {
  SMB = 'SMB',
  MID = 'MID',
  ENTERPRISE = 'ENTERPRISE',
}
registerEnumType(Segment, {
  name: 'Segment',
  description: 'Derived from employee count: SMB < 100, MID 100-999, ENTERPRISE >= 1000.',
});

/** Sort position of a segment: by company size, smallest first. */
export const segmentRank: Readonly<Record<Segment, number>> = { SMB: 1, MID: 2, ENTERPRISE: 3 };
