import { registerEnumType } from 'type-graphql';
import { intakeEvents } from '@salesgraph/events';

/** A GraphQL/ORM enum object from the event schemas' list of values (one list, in packages/events). */
const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { readonly [K in T]: K };

export const SalesSystem = enumOf(intakeEvents.salesSystems);
export type SalesSystem = (typeof intakeEvents.salesSystems)[number];

/** The same values as accounts' SalesChannel (composition merges the two). */
export const SalesChannel = enumOf(intakeEvents.salesChannels);
export type SalesChannel = (typeof intakeEvents.salesChannels)[number];

/** The same values as deals' and contracts' PlanType. */
export const PlanType = enumOf(intakeEvents.planTypes);
export type PlanType = (typeof intakeEvents.planTypes)[number];

/** The stages an order may imply for its deal (LEAD, QUALIFICATION, DISCOVERY); the rest need people. */
export const OrderStage = enumOf(intakeEvents.orderStages);
export type OrderStage = (typeof intakeEvents.orderStages)[number];

export enum IntakeRoute {
  KAFKA = 'KAFKA',
  HTTP = 'HTTP',
}

registerEnumType(SalesSystem, { name: 'SalesSystem', description: 'A sales system the intake takes orders from.' });
registerEnumType(SalesChannel, { name: 'SalesChannel' });
registerEnumType(PlanType, { name: 'PlanType' });
registerEnumType(OrderStage, { name: 'OrderStage', description: 'The deal stage an order implies.' });
registerEnumType(IntakeRoute, { name: 'IntakeRoute', description: 'How the order (its latest revision) arrived.' });
