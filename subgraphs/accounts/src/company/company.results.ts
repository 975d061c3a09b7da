import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo, Public } from '@salesgraph/subgraph';
import { defineWrites } from '@salesgraph/write';
import { Company } from './company.entity.js';

export enum CompanyProblemReason {
  DUPLICATE_CNPJ = 'DUPLICATE_CNPJ',
  DUPLICATE_EXTERNAL_ID = 'DUPLICATE_EXTERNAL_ID',
  PARENT_NOT_FOUND = 'PARENT_NOT_FOUND',
  HIERARCHY_CYCLE = 'HIERARCHY_CYCLE',
  STALE_VERSION = 'STALE_VERSION',
}
registerEnumType(CompanyProblemReason, {
  name: 'CompanyProblemReason',
  valuesConfig: {
    PARENT_NOT_FOUND: {
      description:
        "No company with that parentId in the caller's tenant (the same answer for an id of another tenant).",
    },
  },
});

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

/** Every company mutation goes through this frame (packages/write): the rules are in the service. */
export const companyWrites = defineWrites<Company, CompanyResult>({
  entity: Company,
  noun: 'company',
  result: ({ entity, problem, eventId }) => ({ company: entity, problem: problem as CompanyProblem | null, eventId }),
  conflicts: {
    company_tenant_cnpj_unique: [CompanyProblemReason.DUPLICATE_CNPJ, 'A company with this CNPJ already exists'],
    company_tenant_source_external_unique: [
      CompanyProblemReason.DUPLICATE_EXTERNAL_ID,
      'This external id is already used for this source system',
    ],
  },
});
