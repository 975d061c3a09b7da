import { Ctx, Query, Resolver } from 'type-graphql';
import type { DealsContext } from '../context.js';
import { PipelineSummary } from './pipeline.entity.js';
import { pipelineLoader } from './pipeline.reference.js';
import { Public, RequiresScopes } from '@salesgraph/subgraph';

@Resolver(() => PipelineSummary)
export class PipelineResolver {
  @Query(() => PipelineSummary, {
    description: "The caller's tenant pipeline (every deal of the tenant, whoever owns it).",
  })
  @Public()
  @RequiresScopes('pipeline:read')
  pipeline(@Ctx() context: DealsContext): Promise<PipelineSummary> {
    return pipelineLoader(context).load(context.identity.tenant);
  }
}
