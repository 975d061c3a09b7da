import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgsInput, LocalDateScalar, pageSize, requireIdentity } from '@salesgraph/subgraph';
import type { BeneficiariesContext } from '../context.js';
import type { BeneficiariesSettings } from '../settings.js';
import { Contract } from '../contract/contract.entity.js';
import { AnsRegistration, Beneficiary, ansOf } from './beneficiary.entity.js';
import {
  BeneficiaryFilter,
  EnrollBeneficiariesInput,
  EnrollBeneficiaryInput,
  RemoveBeneficiaryInput,
  UpdateBeneficiaryInput,
} from './beneficiary.inputs.js';
import { BeneficiaryConnection, BeneficiaryResult, EnrollBeneficiariesResult } from './beneficiary.results.js';
import { findBeneficiaries, removeBeneficiary, updateBeneficiary } from './beneficiary.service.js';
import { enrollBeneficiaries, enrollBeneficiary } from './beneficiary.enrollment.js';
import { beneficiaryLoader } from './beneficiary.reference.js';
import { isPersonalDataMasked, presentBirthDate, presentCpf } from './beneficiary.masking.js';
import { ENROLMENT_ROLES } from './beneficiary.access.js';

@Resolver(() => Beneficiary)
export class BeneficiaryResolver {
  constructor(private readonly settings: BeneficiariesSettings) {}

  @Query(() => Beneficiary, { nullable: true, description: "A beneficiary of the caller's tenant." })
  beneficiary(@Arg('id', () => ID) id: string, @Ctx() context: BeneficiariesContext): Promise<Beneficiary | null> {
    return beneficiaryLoader(context).load(id);
  }

  @Query(() => BeneficiaryConnection, {
    description: 'Active beneficiaries (all with filter.includeRemoved), oldest first.',
  })
  beneficiaries(
    @Arg('filter', () => BeneficiaryFilter, { nullable: true }) filter: BeneficiaryFilter | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: BeneficiariesContext,
  ) {
    return findBeneficiaries(context.em, context.identity, filter, pageSize(first), after);
  }

  @Mutation(() => BeneficiaryResult, {
    description: 'Enrols one person into a SIGNED or ACTIVE contract, within its contracted lives.',
  })
  enrollBeneficiary(
    @Arg('input', () => EnrollBeneficiaryInput) input: EnrollBeneficiaryInput,
    @Ctx() context: BeneficiariesContext,
  ): Promise<BeneficiaryResult> {
    requireIdentity(context, ENROLMENT_ROLES);
    return enrollBeneficiary(context.em, context.identity, this.settings, input);
  }

  @Mutation(() => EnrollBeneficiariesResult, {
    description: 'Enrols up to 1,000 people into one contract: all or nothing, every bad row reported.',
  })
  enrollBeneficiaries(
    @Arg('input', () => EnrollBeneficiariesInput) input: EnrollBeneficiariesInput,
    @Ctx() context: BeneficiariesContext,
  ): Promise<EnrollBeneficiariesResult> {
    requireIdentity(context, ENROLMENT_ROLES);
    return enrollBeneficiaries(context.em, context.identity, this.settings, input);
  }

  @Mutation(() => BeneficiaryResult)
  updateBeneficiary(
    @Arg('input', () => UpdateBeneficiaryInput) input: UpdateBeneficiaryInput,
    @Ctx() context: BeneficiariesContext,
  ): Promise<BeneficiaryResult> {
    requireIdentity(context, ENROLMENT_ROLES);
    return updateBeneficiary(context.em, context.identity, input);
  }

  @Mutation(() => BeneficiaryResult, { description: "Ends coverage; a holder's dependents must be removed first." })
  removeBeneficiary(
    @Arg('input', () => RemoveBeneficiaryInput) input: RemoveBeneficiaryInput,
    @Ctx() context: BeneficiariesContext,
  ): Promise<BeneficiaryResult> {
    requireIdentity(context, ENROLMENT_ROLES);
    return removeBeneficiary(context.em, context.identity, input);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Clear for OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN, otherwise masked as ***.456.789-**; null once erased.',
  })
  cpf(@Root() beneficiary: Beneficiary, @Ctx() context: BeneficiariesContext): string | null {
    return presentCpf(context.identity, beneficiary.cpf);
  }

  @FieldResolver(() => LocalDateScalar, {
    nullable: true,
    description: 'Only for OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN; null for other roles (masked) and once erased.',
  })
  birthDate(@Root() beneficiary: Beneficiary, @Ctx() context: BeneficiariesContext): string | null {
    return presentBirthDate(context.identity, beneficiary.birthDate);
  }

  @FieldResolver(() => Boolean, { description: 'True when cpf and birthDate are masked for the caller.' })
  personalDataMasked(@Ctx() context: BeneficiariesContext): boolean {
    return isPersonalDataMasked(context.identity);
  }

  @FieldResolver(() => Contract, {
    nullable: true,
    description: 'Null, with a NOT_FOUND error on this path, when it is gone or not visible to the caller.',
  })
  contract(@Root() beneficiary: Beneficiary): Contract {
    return { id: beneficiary.contractId };
  }

  @FieldResolver(() => Beneficiary, { nullable: true, description: 'The HOLDER a dependent belongs to.' })
  holder(@Root() beneficiary: Beneficiary, @Ctx() context: BeneficiariesContext): Promise<Beneficiary | null> | null {
    return beneficiary.holderId ? beneficiaryLoader(context).load(beneficiary.holderId) : null;
  }

  @FieldResolver(() => AnsRegistration)
  ans(@Root() beneficiary: Beneficiary): AnsRegistration {
    return ansOf(beneficiary);
  }

  @FieldResolver(() => Boolean, { description: 'Not removed: counts as an active life of the contract.' })
  active(@Root() beneficiary: Beneficiary): boolean {
    return beneficiary.removedAt === null;
  }
}
