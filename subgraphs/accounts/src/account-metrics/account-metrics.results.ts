import { Field, Int, ObjectType } from 'type-graphql';
import { MoneyScalar } from '@salesgraph/subgraph';

@ObjectType({
  description:
    'What the account is worth now, derived from deal, contract and beneficiary events (eventually consistent).',
})
export class AccountMetrics {
  @Field(() => Int, { description: 'Deals not CLOSED_WON or CLOSED_LOST.' })
  openDeals!: number;

  @Field(() => MoneyScalar, { description: 'Sum of the estimated value of the open deals.' })
  openPipelineValue!: string;

  @Field(() => MoneyScalar, { description: 'Sum of the estimated value of the CLOSED_WON deals.' })
  wonValue!: string;

  @Field(() => Int, { description: 'Contracts with status ACTIVE.' })
  activeContracts!: number;

  @Field(() => Int, { description: "Active beneficiaries of the company's contracts." })
  activeLives!: number;
}
