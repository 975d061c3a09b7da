import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { requireIdentity } from '@salesgraph/subgraph';
import type { BeneficiariesContext } from '../context.js';
import type { BeneficiariesSettings } from '../settings.js';
import { RecordAnsOutcomeInput } from './beneficiary.inputs.js';
import { AnsSubmissionResult, BeneficiaryResult } from './beneficiary.results.js';
import { ansBatch, recordAnsOutcome, submitAnsBatch } from './ans.service.js';
import { ANS_BATCH_READERS, ANS_OPERATORS } from './beneficiary.access.js';

/** ANS registration: the batch XML, its submission, and the regulator's answer. */
@Resolver()
export class AnsResolver {
  constructor(private readonly settings: BeneficiariesSettings) {}

  @Query(() => String, {
    description:
      "The ANS XML of the contract's PENDING beneficiaries (OPERATIONS, LEGAL_COUNSEL, SYSTEM_ADMIN). Changes nothing.",
  })
  ansBatch(@Arg('contractId', () => ID) contractId: string, @Ctx() context: BeneficiariesContext): Promise<string> {
    requireIdentity(context, ANS_BATCH_READERS);
    return ansBatch(context.em, this.settings, contractId);
  }

  @Mutation(() => AnsSubmissionResult, {
    description:
      "Marks the contract's PENDING beneficiaries SUBMITTED as one batch and returns its XML (OPERATIONS, SYSTEM_ADMIN).",
  })
  submitAnsBatch(
    @Arg('contractId', () => ID) contractId: string,
    @Ctx() context: BeneficiariesContext,
  ): Promise<AnsSubmissionResult> {
    requireIdentity(context, ANS_OPERATORS);
    return submitAnsBatch(context, this.settings, contractId);
  }

  @Mutation(() => BeneficiaryResult, {
    description: 'Records what ANS answered for a SUBMITTED beneficiary (OPERATIONS, SYSTEM_ADMIN).',
  })
  recordAnsOutcome(
    @Arg('input', () => RecordAnsOutcomeInput) input: RecordAnsOutcomeInput,
    @Ctx() context: BeneficiariesContext,
  ): Promise<BeneficiaryResult> {
    requireIdentity(context, ANS_OPERATORS);
    return recordAnsOutcome(context, input);
  }
}
