import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@salesgraph/subgraph';
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
export class CompanyProblem {
  @Field(() => CompanyProblemReason)
  reason!: CompanyProblemReason;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'Either `company` (changed) or `problem` (nothing changed).' })
export class CompanyResult {
  @Field(() => Company, { nullable: true })
  company!: Company | null;

  @Field(() => CompanyProblem, { nullable: true })
  problem!: CompanyProblem | null;

  @Field(() => ID, { nullable: true, description: 'The event the change produced (read-your-writes token).' })
  eventId!: string | null;
}

@ObjectType()
export class CompanyEdge {
  @Field(() => Company)
  node!: Company;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class CompanyConnection {
  @Field(() => [CompanyEdge])
  edges!: CompanyEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

export const companyProblem = (reason: CompanyProblemReason, message: string): CompanyResult => ({
  company: null,
  problem: { reason, message },
  eventId: null,
});
