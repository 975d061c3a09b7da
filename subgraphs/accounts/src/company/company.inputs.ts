import { Field, ID, InputType, Int } from 'type-graphql';
import { SalesChannel, SourceSystem } from './company.entity.js';
import { Public, Segment } from '@salesgraph/subgraph';

@InputType()
@Public()
export class CreateCompanyInput {
  @Field(() => String)
  @Public()
  legalName!: string;

  @Field(() => String, { nullable: true })
  @Public()
  tradeName?: string | null;

  @Field(() => String, { description: '14 digits; dots, slash and dash are accepted and removed.' })
  @Public()
  cnpj!: string;

  @Field(() => String, { nullable: true })
  @Public()
  industry?: string | null;

  @Field(() => Int)
  @Public()
  employeeCount!: number;

  @Field(() => String, { nullable: true, description: 'Defaults to the caller.' })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  @Public()
  parentId?: string | null;

  @Field(() => SourceSystem, { nullable: true })
  @Public()
  sourceSystem?: SourceSystem | null;

  @Field(() => String, { nullable: true })
  @Public()
  externalId?: string | null;

  @Field(() => SalesChannel, { nullable: true })
  @Public()
  salesChannel?: SalesChannel | null;

  @Field(() => String, { nullable: true })
  @Public()
  countryCode?: string | null;

  @Field(() => String, { nullable: true })
  @Public()
  businessUnit?: string | null;

  @Field(() => String, { nullable: true })
  @Public()
  storeCode?: string | null;
}

@InputType({ description: 'Only the fields given are changed.' })
@Public()
export class UpdateCompanyInput {
  @Field(() => ID)
  @Public()
  id!: string;

  @Field(() => Int, { description: 'The version the client read; a stale version is refused.' })
  @Public()
  version!: number;

  @Field(() => String, { nullable: true })
  @Public()
  legalName?: string | null;

  @Field(() => String, { nullable: true })
  @Public()
  tradeName?: string | null;

  @Field(() => String, { nullable: true })
  @Public()
  industry?: string | null;

  @Field(() => Int, { nullable: true })
  @Public()
  employeeCount?: number | null;

  @Field(() => String, { nullable: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  @Public()
  parentId?: string | null;

  @Field(() => SalesChannel, { nullable: true })
  @Public()
  salesChannel?: SalesChannel | null;

  @Field(() => String, { nullable: true })
  @Public()
  businessUnit?: string | null;

  @Field(() => String, { nullable: true })
  @Public()
  storeCode?: string | null;
}

@InputType()
@Public()
export class CompanyFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive match on legal or trade name.' })
  @Public()
  nameContains?: string | null;

  @Field(() => Segment, { nullable: true })
  @Public()
  segment?: Segment | null;

  @Field(() => String, { nullable: true })
  ownerId?: string | null;

  @Field(() => String, { nullable: true })
  @Public()
  cnpj?: string | null;
}
