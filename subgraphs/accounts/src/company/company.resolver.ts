import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize, Public, RequiresScopes } from '@salesgraph/subgraph';
import type { AccountsContext } from '../context.js';
import { Company } from './company.entity.js';
import { CompanyFilter, CreateCompanyInput, UpdateCompanyInput } from './company.inputs.js';
import { CompanyConnection, CompanyResult } from './company.results.js';
import { createCompany, findCompanies, updateCompany } from './company.service.js';
import { companyLoader } from './company.reference.js';

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { nullable: true, description: "A company of the caller's tenant." })
  @Public()
  @RequiresScopes('companies:read')
  company(@Public() @Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Company | null> {
    return companyLoader(context).load(id);
  }

  @Query(() => CompanyConnection)
  @Public()
  @RequiresScopes('companies:read')
  companies(
    @Public() @Arg('filter', () => CompanyFilter, { nullable: true }) filter: CompanyFilter | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: AccountsContext,
  ) {
    return findCompanies(context.em, filter, pageSize(first), after);
  }

  @Mutation(() => CompanyResult)
  @Public()
  @RequiresScopes('companies:write')
  createCompany(
    @Public() @Arg('input', () => CreateCompanyInput) input: CreateCompanyInput,
    @Ctx() context: AccountsContext,
  ): Promise<CompanyResult> {
    return createCompany(context.em, context.identity, input);
  }

  @Mutation(() => CompanyResult)
  @Public()
  @RequiresScopes('companies:write')
  updateCompany(
    @Public() @Arg('input', () => UpdateCompanyInput) input: UpdateCompanyInput,
    @Ctx() context: AccountsContext,
  ): Promise<CompanyResult> {
    return updateCompany(context.em, context.identity, input);
  }

  @FieldResolver(() => Company, { nullable: true })
  @Public()
  parent(@Root() company: Company, @Ctx() context: AccountsContext): Promise<Company | null> | null {
    const parentId = company.parent?.id;
    return parentId ? companyLoader(context).load(parentId) : null;
  }
}
