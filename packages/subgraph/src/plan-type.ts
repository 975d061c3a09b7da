import { registerEnumType } from 'type-graphql';
import type { contractsEvents } from '@salesgraph/events';

/**
 * The ANS plan segmentation a deal is sold and a contract is written for — one GraphQL enum
 * `PlanType`, defined once here for every subgraph that shows it (deals, contracts).
 */
export enum PlanType {
  AMBULATORIAL = 'AMBULATORIAL',
  HOSPITALAR = 'HOSPITALAR',
  HOSPITALAR_OBSTETRICIA = 'HOSPITALAR_OBSTETRICIA',
  REFERENCIA = 'REFERENCIA',
  ODONTOLOGICO = 'ODONTOLOGICO',
}
registerEnumType(PlanType, { name: 'PlanType' });

// Compile-time check that the GraphQL enum and the event contract list the same values.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const planTypeMatchesEvents: Same<`${PlanType}`, (typeof contractsEvents.planTypes)[number]> = true;
