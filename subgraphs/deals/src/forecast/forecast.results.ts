import { Field, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '@salesgraph/subgraph';
import { PipelineTotals } from '../pipeline/pipeline.entity.js';

@ObjectType({ description: 'Open deals expected to close in one calendar month.' })
export class ForecastMonth extends PipelineTotals {
  @Field(() => String, { description: 'The month, "YYYY-MM".' })
  month!: string;
}

@ObjectType({
  description: 'Weighted value of open deals by month of expected close, for the deals the caller may see.',
})
export class Forecast {
  @Field(() => LocalDateScalar)
  from!: string;

  @Field(() => LocalDateScalar)
  to!: string;

  @Field(() => [ForecastMonth], { description: 'Every month from `from` to `to`, in order, zeros included.' })
  months!: ForecastMonth[];

  @Field(() => PipelineTotals, { description: 'The whole range.' })
  totals!: PipelineTotals;
}
