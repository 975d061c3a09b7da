import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';

export enum MeddicRole {
  ECONOMIC_BUYER = 'ECONOMIC_BUYER',
  CHAMPION = 'CHAMPION',
  DECISION_MAKER = 'DECISION_MAKER',
  INFLUENCER = 'INFLUENCER',
  USER = 'USER',
}

registerEnumType(MeddicRole, {
  name: 'MeddicRole',
  description: 'The part a contact plays in the buying decision (MEDDIC).',
});

/**
 * A person at a customer company. `email` and `phone` are personal data (LGPD): they are not
 * fields of this class in the graph; `ContactResolver` exposes them masked by role.
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A person at a customer company.' })
@Entity({ tableName: 'contact' })
@Index({ properties: ['tenantId', 'companyId', 'createdAt', 'id'] })
export class Contact extends TenantScopedEntity {
  /** The company the contact works at (never changes); `company` in the graph. */
  @Property({ type: 'uuid' })
  companyId!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  phone: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  jobTitle: string | null = null;

  @Field(() => MeddicRole, { nullable: true })
  @Enum({ items: () => MeddicRole, nullable: true })
  meddicRole: MeddicRole | null = null;

  @Field(() => Boolean, { description: 'Whether the contact agreed to receive marketing (LGPD consent).' })
  @Property({ type: 'boolean' })
  marketingConsent: boolean = false;

  @Field(() => Date, {
    nullable: true,
    description: 'When the current marketing consent was given; null without consent.',
  })
  @Property({ type: 'datetime', nullable: true })
  marketingConsentAt: Date | null = null;
}
