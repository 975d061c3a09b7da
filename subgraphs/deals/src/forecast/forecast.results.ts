import { Field, ObjectType } from 'type-graphql';
import { LocalDateScalar, Public, RequiresScopes } from '@salesgraph/subgraph';
import { PipelineTotals } from '../pipeline/pipeline.entity.js';

@ObjectType({ description: 'Open deals expected to close in one calendar month.' })
@Public()
export class ForecastMonth extends PipelineTotals {
  @Field(() => String, { description: 'The month, "YYYY-MM".' })
  @Public()
  month!: string;
}

@ObjectType({
  description: 'Weighted value of open deals by month of expected close, for the deals the caller may see.',
})
@Public()
@RequiresScopes('pipeline:read')
export class Forecast {
  @Field(() => LocalDateScalar)
  @Public()
  from!: string;

  @Field(() => LocalDateScalar)
  @Public()
  to!: string;

  @Field(() => [ForecastMonth], { description: 'Every month from `from` to `to`, in order, zeros included.' })
  @Public()
  months!: ForecastMonth[];

  @Field(() => PipelineTotals, { description: 'The whole range.' })
  @Public()
  totals!: PipelineTotals;
}
