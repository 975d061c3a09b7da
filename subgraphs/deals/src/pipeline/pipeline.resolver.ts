import { Ctx, Query, Resolver } from 'type-graphql';
import type { DealsContext } from '../context.js';
import { PipelineSummary } from './pipeline.entity.js';
import { pipelineLoader } from './pipeline.reference.js';

@Resolver(() => PipelineSummary)
export class PipelineResolver {
  @Query(() => PipelineSummary, {
    description: "The caller's tenant pipeline (every deal of the tenant, whoever owns it).",
  })
  pipeline(@Ctx() context: DealsContext): Promise<PipelineSummary> {
    return pipelineLoader(context).load(context.identity.tenant);
  }
}
