import { Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { Public, RequiresScopes, Segment } from '@salesgraph/subgraph';

export enum SourceSystem {
  PYXIS = 'PYXIS',
  TEMPO = 'TEMPO',
  SAP = 'SAP',
  CUSTOM = 'CUSTOM',
  DIRECT = 'DIRECT',
}

export enum SalesChannel {
  STORE = 'STORE',
  WEB = 'WEB',
  CALL_CENTER = 'CALL_CENTER',
  MOBILE = 'MOBILE',
  PARTNER = 'PARTNER',
}

registerEnumType(SourceSystem, { name: 'SourceSystem' });
registerEnumType(SalesChannel, { name: 'SalesChannel' });

export function segmentFor(employeeCount: number): Segment {
  if (employeeCount >= 1000) return Segment.ENTERPRISE;
  if (employeeCount >= 100) return Segment.MID;
  return Segment.SMB;
}

/** A customer company (the account). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A company that buys (or may buy) group health plans.' })
@Entity({ tableName: 'company' })
@Unique({ name: 'company_tenant_cnpj_unique', properties: ['tenantId', 'cnpj'] })
@Unique({ name: 'company_tenant_source_external_unique', properties: ['tenantId', 'sourceSystem', 'externalId'] })
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
@Public()
@RequiresScopes('companies:read')
export class Company extends TenantScopedEntity {
  @Field(() => String)
  @Property({ type: 'text' })
  @Public()
  legalName!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  @Public()
  tradeName: string | null = null;

  @Field(() => String, { description: '14 digits, check digits validated; unique per tenant.' })
  @Property({ type: 'string', length: 14 })
  @Public()
  cnpj!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  @Public()
  industry: string | null = null;

  @Field(() => Int)
  @Property({ type: 'integer' })
  @Public()
  employeeCount!: number;

  @Field(() => Segment)
  @Enum({ items: () => Segment, nativeEnumName: undefined })
  @Public()
  segment!: Segment;

  @Field(() => String, { description: 'The sales rep who owns the account.' })
  @Property({ type: 'string', length: 128 })
  ownerId!: string;

  @Field(() => Company, { nullable: true, description: 'Parent in the account hierarchy.' })
  @ManyToOne(() => Company, { nullable: true, ref: false, deleteRule: 'set null' })
  @Public()
  parent: Company | null = null;

  @Field(() => SourceSystem)
  @Enum({ items: () => SourceSystem })
  @Public()
  sourceSystem: SourceSystem = SourceSystem.DIRECT;

  @Field(() => String, { nullable: true, description: 'Id in the source system; unique per source system and tenant.' })
  @Property({ type: 'string', length: 128, nullable: true })
  @Public()
  externalId: string | null = null;

  @Field(() => SalesChannel, { nullable: true })
  @Enum({ items: () => SalesChannel, nullable: true })
  @Public()
  salesChannel: SalesChannel | null = null;

  @Field(() => String)
  @Property({ type: 'string', length: 2 })
  @Public()
  countryCode: string = 'BR';

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  @Public()
  businessUnit: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  @Public()
  storeCode: string | null = null;
}
