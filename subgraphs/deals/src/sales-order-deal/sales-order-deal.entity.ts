import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Which deal an order of a sales system became, and the order revision the deal reflects. */
@Entity({ tableName: 'sales_order_deal' })
export class SalesOrderDeal {
  /** The intake's SalesOrder id. */
  @PrimaryKey({ type: 'uuid' })
  salesOrderId!: string;

  @Property({ type: 'string', length: 64 })
  tenantId!: string;

  @Property({ type: 'uuid' })
  dealId!: string;

  @Property({ type: 'integer' })
  revision!: number;
}
