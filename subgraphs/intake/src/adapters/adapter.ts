import type { z } from 'zod';
import type { intakeEvents } from '@salesgraph/events';

export type SalesSystem = (typeof intakeEvents.salesSystems)[number];
export type SalesChannel = (typeof intakeEvents.salesChannels)[number];
export type PlanType = (typeof intakeEvents.planTypes)[number];
export type OrderStage = (typeof intakeEvents.orderStages)[number];

/** A sales system's product codes -> our plan types. A code not listed is refused, never guessed. */
export type ProductMapping = Readonly<Record<string, PlanType>>;

/** An order in our terms, whatever system sent it (the `sales_order` event snapshot without ids). */
export interface NormalizedOrder {
  readonly sourceSystem: SalesSystem;
  readonly externalOrderId: string;
  /** The system's own version of the order: a higher revision replaces a lower one. */
  readonly revision: number;
  readonly channel: SalesChannel;
  readonly customer: {
    readonly cnpj: string;
    readonly legalName: string;
    readonly tradeName: string | null;
    readonly externalCustomerId: string;
    readonly employeeCount: number | null;
  };
  readonly storeCode: string | null;
  readonly businessUnit: string | null;
  readonly countryCode: string;
  readonly products: readonly {
    readonly code: string;
    readonly planType: PlanType;
    readonly lives: number;
    readonly monthlyValuePerLife: string;
  }[];
  readonly planType: PlanType;
  readonly totalLives: number;
  readonly annualValue: string;
  readonly stage: OrderStage;
  readonly placedAt: string;
  readonly sourceUpdatedAt: string;
  readonly expectedCloseDate: string | null;
  /** What the system sent that has no place in our model (seller codes, its own status...). */
  readonly metadata: Readonly<Record<string, string | number | boolean | null>>;
}

/** The transformer's answer: the order, or every problem found in the payload (field: message). */
export type Transformed =
  | { readonly ok: true; readonly order: NormalizedOrder }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * What every sales-system adapter provides; the consumer (Kafka), the API (HTTP) and the
 * storage are shared and driven by it:
 * - consumer: the topic the system publishes its orders to (`<slug>.orders`, tenant in the
 *   `tenant` header);
 * - API: `POST /intake/<slug>/orders` on the gateway, for tokens with the `intake:<slug>` scope;
 * - transformer: the system's payload -> a NormalizedOrder, with its product-code table.
 */
export interface SalesSystemAdapter {
  readonly system: SalesSystem;
  /** Lower-case name used in the topic, the route and the scope. */
  readonly slug: string;
  readonly payloadSchema: z.ZodType;
  readonly productPlans: ProductMapping;
  transform(payload: unknown): Transformed;
}
