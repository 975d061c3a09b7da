import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { SalesChannel, SourceSystem } from '../company/company.entity.js';

/**
 * Where a company came from: one row per (sales system, customer id there, channel) that sent
 * an order for its CNPJ. The same customer from two systems or channels is one company with
 * two origins.
 */
@ObjectType({ description: 'A sales system (and channel) the company arrived from, with its customer id there.' })
@Entity({ tableName: 'company_origin' })
@Unique({
  name: 'company_origin_unique',
  properties: ['tenantId', 'companyId', 'sourceSystem', 'externalId', 'salesChannel'],
})
@Index({ properties: ['companyId'] })
export class CompanyOrigin extends TenantScopedEntity {
  @Property({ type: 'uuid' })
  companyId!: string;

  @Field(() => SourceSystem)
  @Enum({ items: () => SourceSystem })
  sourceSystem!: SourceSystem;

  @Field(() => String, { description: "The customer's id in that system." })
  @Property({ type: 'string', length: 128 })
  externalId!: string;

  @Field(() => SalesChannel)
  @Enum({ items: () => SalesChannel })
  salesChannel!: SalesChannel;

  @Field(() => String)
  @Property({ type: 'string', length: 2 })
  countryCode!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  businessUnit: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  storeCode: string | null = null;

  @Field(() => String, { description: 'The order that brought this origin first.' })
  @Property({ type: 'string', length: 128 })
  firstOrderId!: string;
}
