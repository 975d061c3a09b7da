import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { LocalDateScalar, MoneyScalar } from '@salesgraph/subgraph';
import { IntakeRoute, OrderStage, PlanType, SalesChannel, SalesSystem } from './sales-order.enums.js';

@ObjectType({ description: 'The customer as the sales system described it, CNPJ normalized to 14 digits.' })
export class SalesOrderCustomer {
  @Field(() => String)
  cnpj!: string;

  @Field(() => String)
  legalName!: string;

  @Field(() => String, { nullable: true })
  tradeName!: string | null;

  @Field(() => String, { description: "The customer's id in the sales system." })
  externalCustomerId!: string;

  @Field(() => Int, { nullable: true })
  employeeCount!: number | null;
}

@ObjectType({ description: 'One product of the order: its code in the sales system and our plan type for it.' })
export class SalesOrderProduct {
  @Field(() => String)
  code!: string;

  @Field(() => PlanType)
  planType!: PlanType;

  @Field(() => Int)
  lives!: number;

  @Field(() => MoneyScalar)
  monthlyValuePerLife!: string;
}

/** An order from a sales system, normalized; one row per order, replaced by later revisions. */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'An order from a sales system (Pyxis, Tempo), normalized, with what the system sent.' })
@Entity({ tableName: 'sales_order' })
@Unique({
  name: 'sales_order_tenant_system_external_unique',
  properties: ['tenantId', 'sourceSystem', 'externalOrderId'],
})
@Index({ properties: ['tenantId', 'customerCnpj'] })
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
export class SalesOrder extends TenantScopedEntity {
  @Field(() => SalesSystem)
  @Enum({ items: () => SalesSystem })
  sourceSystem!: SalesSystem;

  @Field(() => String, { description: 'The order id in its system; unique per system and tenant.' })
  @Property({ type: 'string', length: 128 })
  externalOrderId!: string;

  @Field(() => Int, { description: "The system's revision of the order held here (the highest received)." })
  @Property({ type: 'integer' })
  revision!: number;

  @Field(() => SalesChannel)
  @Enum({ items: () => SalesChannel })
  channel!: SalesChannel;

  @Property({ type: 'string', length: 14 })
  customerCnpj!: string;

  @Field(() => SalesOrderCustomer)
  @Property({ type: 'json' })
  customer!: SalesOrderCustomer;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  storeCode: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  businessUnit: string | null = null;

  @Field(() => String)
  @Property({ type: 'string', length: 2 })
  countryCode!: string;

  @Field(() => [SalesOrderProduct])
  @Property({ type: 'json' })
  products!: SalesOrderProduct[];

  @Field(() => PlanType, { description: 'The plan type of the product with the most lives.' })
  @Enum({ items: () => PlanType })
  planType!: PlanType;

  @Field(() => Int)
  @Property({ type: 'integer' })
  totalLives!: number;

  @Field(() => MoneyScalar, { description: 'Twelve months of every product.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  annualValue!: string;

  @Field(() => OrderStage, { description: 'The deal stage the order implies.' })
  @Enum({ items: () => OrderStage })
  stage!: OrderStage;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  placedAt!: Date;

  @Field(() => Date, { description: 'When the system last changed the order (its own clock).' })
  @Property({ type: 'datetime' })
  sourceUpdatedAt!: Date;

  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  expectedCloseDate: string | null = null;

  @Field(() => IntakeRoute)
  @Enum({ items: () => IntakeRoute })
  receivedVia!: IntakeRoute;

  /** The payload exactly as the system sent it (SalesOrderResolver.rawPayload shows it to some roles). */
  @Property({ type: 'json' })
  rawPayload!: Record<string, unknown>;

  /** What the system sent that has no place in our model (seller, its own status codes). */
  @Property({ type: 'json' })
  metadata!: Record<string, unknown>;
}
