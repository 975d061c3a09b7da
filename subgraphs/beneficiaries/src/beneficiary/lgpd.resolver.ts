import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireIdentity } from '@salesgraph/subgraph';
import type { BeneficiariesContext } from '../context.js';
import { EraseBeneficiaryInput } from './beneficiary.inputs.js';
import { BeneficiaryDataExport, BeneficiaryResult } from './beneficiary.results.js';
import { beneficiaryDataExport, eraseBeneficiary } from './lgpd.service.js';
import { DATA_EXPORT_ROLES, ERASURE_ROLES } from './beneficiary.access.js';

/** LGPD data-subject requests: erasure and access (export). */
@Resolver()
export class LgpdResolver {
  @Mutation(() => BeneficiaryResult, {
    description: 'Anonymises the person (name, CPF, birth date) and keeps the row (LEGAL_COUNSEL, SYSTEM_ADMIN).',
  })
  eraseBeneficiary(
    @Arg('input', () => EraseBeneficiaryInput) input: EraseBeneficiaryInput,
    @Ctx() context: BeneficiariesContext,
  ): Promise<BeneficiaryResult> {
    requireIdentity(context, ERASURE_ROLES);
    return eraseBeneficiary(context, input);
  }

  @Query(() => BeneficiaryDataExport, {
    description: 'Everything held about one CPF in the tenant (OPERATIONS, LEGAL_COUNSEL, SYSTEM_ADMIN).',
  })
  beneficiaryDataExport(
    @Arg('cpf', () => String) cpf: string,
    @Ctx() context: BeneficiariesContext,
  ): Promise<BeneficiaryDataExport> {
    requireIdentity(context, DATA_EXPORT_ROLES);
    return beneficiaryDataExport(context.em, cpf);
  }
}
