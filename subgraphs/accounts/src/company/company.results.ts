import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, Public } from '@salesgraph/subgraph';
import { Company } from './company.entity.js';

export enum CompanyProblemReason {
  DUPLICATE_CNPJ = 'DUPLICATE_CNPJ',
  DUPLICATE_EXTERNAL_ID = 'DUPLICATE_EXTERNAL_ID',
  PARENT_NOT_FOUND = 'PARENT_NOT_FOUND',
  HIERARCHY_CYCLE = 'HIERARCHY_CYCLE',
  STALE_VERSION = 'STALE_VERSION',
}
registerEnumType(CompanyProblemReason, { name: 'CompanyProblemReason' });

@ObjectType({ description: 'An expected business outcome that stopped the change; nothing was written.' })
@Public()
export class CompanyProblem {
  @Field(() => CompanyProblemReason)
  @Public()
  reason!: CompanyProblemReason;

  @Field(() => String)
  @Public()
  message!: string;
}

@ObjectType({ description: 'Either `company` (changed) or `problem` (nothing changed).' })
@Public()
export class CompanyResult {
  @Field(() => Company, { nullable: true })
  @Public()
  company!: Company | null;

  @Field(() => CompanyProblem, { nullable: true })
  @Public()
  problem!: CompanyProblem | null;

  @Field(() => ID, { nullable: true, description: 'The event the change produced (read-your-writes token).' })
  @Public()
  eventId!: string | null;
}

@ObjectType()
@Public()
export class CompanyEdge {
  @Field(() => Company)
  @Public()
  node!: Company;

  @Field(() => String)
  @Public()
  cursor!: string;
}

@ObjectType()
@Public()
export class CompanyConnection {
  @Field(() => [CompanyEdge])
  @Public()
  edges!: CompanyEdge[];

  @Field(() => PageInfo)
  @Public()
  pageInfo!: PageInfo;
}

export const companyProblem = (reason: CompanyProblemReason, message: string): CompanyResult => ({
  company: null,
  problem: { reason, message },
  eventId: null,
});
