import { Field, Int, ObjectType } from 'type-graphql';
import { MoneyScalar, Public } from '@salesgraph/subgraph';

@ObjectType({
  description:
    'What the account is worth now, derived from deal, contract and beneficiary events (eventually consistent).',
})
@Public()
export class AccountMetrics {
  @Field(() => Int, { description: 'Deals not CLOSED_WON or CLOSED_LOST.' })
  @Public()
  openDeals!: number;

  @Field(() => MoneyScalar, { description: 'Sum of the estimated value of the open deals.' })
  @Public()
  openPipelineValue!: string;

  @Field(() => MoneyScalar, { description: 'Sum of the estimated value of the CLOSED_WON deals.' })
  @Public()
  wonValue!: string;

  @Field(() => Int, { description: 'Contracts with status ACTIVE.' })
  @Public()
  activeContracts!: number;

  @Field(() => Int, { description: "Active beneficiaries of the company's contracts." })
  @Public()
  activeLives!: number;
}
