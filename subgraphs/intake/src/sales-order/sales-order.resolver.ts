import { Arg, Args, Ctx, Directive, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionArgsInput, pageSize } from '@salesgraph/subgraph';
import type { IntakeContext } from '../context.js';
import { SalesOrder } from './sales-order.entity.js';
import { SalesOrderFilter } from './sales-order.inputs.js';
import { SalesOrderConnection, SalesOrderReceipt } from './sales-order.results.js';
import { findSalesOrders } from './sales-order.queries.js';
import { receivePushedOrder } from './sales-order.service.js';
import { canSeeRawPayload, requireOrderReader } from './sales-order.access.js';

@Resolver(() => SalesOrder)
export class SalesOrderResolver {
  @Query(() => SalesOrderConnection, { description: "The tenant's orders from the sales systems, oldest first." })
  salesOrders(
    @Arg('filter', () => SalesOrderFilter, { nullable: true }) filter: SalesOrderFilter | null,
    @Args(() => ConnectionArgsInput) { first, after }: ConnectionArgsInput,
    @Ctx() context: IntakeContext,
  ) {
    requireOrderReader(context.identity);
    return findSalesOrders(context.em, filter, pageSize(first), after);
  }

  @Directive('@inaccessible')
  @Mutation(() => SalesOrderReceipt, {
    description: 'Called by the gateway for `POST /intake/{system}/orders` (not part of the API schema).',
  })
  receiveSalesOrder(
    @Arg('system', () => String) system: string,
    @Arg('payload', () => GraphQLJSONObject) payload: Record<string, unknown>,
    @Ctx() context: IntakeContext,
  ): Promise<SalesOrderReceipt> {
    return receivePushedOrder(context, system, payload);
  }

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The payload exactly as the system sent it; null unless the caller is OPERATIONS or SYSTEM_ADMIN.',
  })
  rawPayload(@Root() order: SalesOrder, @Ctx() context: IntakeContext): Record<string, unknown> | null {
    return canSeeRawPayload(context.identity) ? order.rawPayload : null;
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'What the system sent that has no field of ours.' })
  metadata(@Root() order: SalesOrder): Record<string, unknown> {
    return order.metadata;
  }
}
