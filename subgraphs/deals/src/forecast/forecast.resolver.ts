import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { LocalDateScalar, Public, RequiresScopes } from '@salesgraph/subgraph';
import type { DealsContext } from '../context.js';
import { Forecast } from './forecast.results.js';
import { forecast } from './forecast.service.js';

@Resolver(() => Forecast)
export class ForecastResolver {
  @Query(() => Forecast, {
    description:
      'Weighted value of open deals by month of expected close, for expectedCloseDate in [from, to] (at most 60 months).',
  })
  @Public()
  @RequiresScopes('pipeline:read')
  forecast(
    @Public() @Arg('from', () => LocalDateScalar) from: string,
    @Public() @Arg('to', () => LocalDateScalar) to: string,
    @Ctx() context: DealsContext,
  ): Promise<Forecast> {
    return forecast(context.em, context.identity, from, to);
  }
}
