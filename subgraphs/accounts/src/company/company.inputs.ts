import { Field, ID, InputType, Int } from 'type-graphql';
import { SalesChannel, Segment, SourceSystem } from './company.entity.js';

@InputType()
export class CreateCompanyInput {
  @Field(() => String)
  legalName!: string;

  @Field(() => String, { nullable: true })
  tradeName?: string | null;

  @Field(() => String, { description: '14 digits; dots, slash and dash are accepted and removed.' })
  cnpj!: string;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => Int)
  employeeCount!: number;

  @Field(() => String, { nullable: true, description: 'Defaults to the caller.' })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  parentId?: string | null;

  @Field(() => SourceSystem, { nullable: true })
  sourceSystem?: SourceSystem | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => SalesChannel, { nullable: true })
  salesChannel?: SalesChannel | null;

  @Field(() => String, { nullable: true })
  countryCode?: string | null;

  @Field(() => String, { nullable: true })
  businessUnit?: string | null;

  @Field(() => String, { nullable: true })
  storeCode?: string | null;
}

@InputType({ description: 'Only the fields given are changed.' })
export class UpdateCompanyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version the client read; a stale version is refused.' })
  version!: number;

  @Field(() => String, { nullable: true })
  legalName?: string | null;

  @Field(() => String, { nullable: true })
  tradeName?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => Int, { nullable: true })
  employeeCount?: number | null;

  @Field(() => String, { nullable: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  parentId?: string | null;

  @Field(() => SalesChannel, { nullable: true })
  salesChannel?: SalesChannel | null;

  @Field(() => String, { nullable: true })
  businessUnit?: string | null;

  @Field(() => String, { nullable: true })
  storeCode?: string | null;
}

@InputType()
export class CompanyFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive match on legal or trade name.' })
  nameContains?: string | null;

  @Field(() => Segment, { nullable: true })
  segment?: Segment | null;

  @Field(() => String, { nullable: true })
  ownerId?: string | null;

  @Field(() => String, { nullable: true })
  cnpj?: string | null;
}
