import { registerEnumType } from 'type-graphql';

/**
 * The company segment, derived by accounts from the employee count — one GraphQL enum
 * `Segment`, defined once here for every subgraph that shows it (accounts, deals).
 */
export enum Segment {
  SMB = 'SMB',
  MID = 'MID',
  ENTERPRISE = 'ENTERPRISE',
}
registerEnumType(Segment, {
  name: 'Segment',
  description: 'Derived from employee count: SMB < 100, MID 100-999, ENTERPRISE >= 1000.',
});
