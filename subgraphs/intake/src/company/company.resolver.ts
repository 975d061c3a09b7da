import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { requestLoader } from '@salesgraph/subgraph';
import type { IntakeContext } from '../context.js';
import { SalesOrder } from '../sales-order/sales-order.entity.js';
import { salesOrdersByCnpjs } from '../sales-order/sales-order.queries.js';
import { requireOrderReader } from '../sales-order/sales-order.access.js';
import { Company } from './company.entity.js';

/** Contributes `Company.salesOrders`: the orders whose customer has the company's CNPJ. */
@Resolver(() => Company)
export class CompanySalesOrdersResolver {
  @Directive('@requires(fields: "cnpj")')
  @FieldResolver(() => [SalesOrder], {
    description: 'Orders from every sales system for this CNPJ, oldest first. N companies cost one SQL statement.',
  })
  salesOrders(@Root() company: Company, @Ctx() context: IntakeContext): Promise<SalesOrder[]> {
    requireOrderReader(context.identity);
    const loader = requestLoader<string, SalesOrder[]>(context, 'company.salesOrders', (cnpjs) =>
      salesOrdersByCnpjs(context.em, cnpjs),
    );
    return loader.load(company.cnpj);
  }
}
