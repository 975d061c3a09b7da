import { Arg, Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, pageSize, requestLoader, Public } from '@salesgraph/subgraph';
import type { BeneficiariesContext } from '../context.js';
import { ContractBeneficiariesFilter } from '../beneficiary/beneficiary.inputs.js';
import { BeneficiaryConnection } from '../beneficiary/beneficiary.results.js';
import { activeLivesOf, beneficiaryPagesOf } from './contract.service.js';
import { Contract } from './contract.entity.js';

type Page = Awaited<ReturnType<typeof beneficiaryPagesOf>>[number];

/** Contributes `beneficiaries` and `activeLives` to the contracts subgraph's Contract, batched per request. */
@Resolver(() => Contract)
export class ContractBeneficiariesResolver {
  @FieldResolver(() => BeneficiaryConnection, {
    description: "The contract's beneficiaries (active only unless filter.includeRemoved), oldest first.",
  })
  beneficiaries(
    @Root() contract: Contract,
    @Arg('filter', () => ContractBeneficiariesFilter, { nullable: true }) filter: ContractBeneficiariesFilter | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: BeneficiariesContext,
  ): Promise<Page> {
    const size = pageSize(first);
    const key = JSON.stringify([
      filter?.relationship ?? null,
      filter?.ansStatus ?? null,
      filter?.includeRemoved ?? false,
      size,
      after ?? null,
    ]);
    return requestLoader<string, Page>(context, `contract.beneficiaries:${key}`, (ids) =>
      beneficiaryPagesOf(context.em, ids, filter, size, after),
    ).load(contract.id);
  }

  @FieldResolver(() => Int, {
    description: 'Beneficiaries currently covered (not removed); never above contractedLives.',
  })
  @Public()
  activeLives(@Root() contract: Contract, @Ctx() context: BeneficiariesContext): Promise<number> {
    return requestLoader<string, number>(context, 'contract.activeLives', (ids) => activeLivesOf(context.em, ids)).load(
      contract.id,
    );
  }
}
