import type { GraphQLSchema } from 'graphql';
import { createCostModel, type CostModel } from './cost-model.js';

/**
 * The cost model of each API schema the gateway has loaded: `update` at every load or hot
 * reload (with the supergraph SDL, where `@cost`/`@listSize` are), `of` wherever a schema is
 * at hand. A schema never updated (a test's) gets a model without directives.
 */
export class CostModels {
  private readonly models = new WeakMap<GraphQLSchema, CostModel>();

  constructor(readonly defaultListSize: number) {}

  update(schema: GraphQLSchema, supergraphSdl: string): CostModel {
    const model = createCostModel(schema, supergraphSdl, this.defaultListSize);
    this.models.set(schema, model);
    return model;
  }

  of(schema: GraphQLSchema): CostModel {
    let model = this.models.get(schema);
    if (!model) this.models.set(schema, (model = createCostModel(schema, undefined, this.defaultListSize)));
    return model;
  }
}
