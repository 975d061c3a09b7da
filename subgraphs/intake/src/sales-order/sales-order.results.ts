import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@salesgraph/subgraph';
import { SalesOrder } from './sales-order.entity.js';

export enum SalesOrderOutcome {
  RECEIVED = 'RECEIVED',
  REVISED = 'REVISED',
  DUPLICATE = 'DUPLICATE',
  OUTDATED = 'OUTDATED',
  REJECTED = 'REJECTED',
}
registerEnumType(SalesOrderOutcome, {
  name: 'SalesOrderOutcome',
  description:
    'RECEIVED: new order stored. REVISED: a later revision replaced it. DUPLICATE: that revision was already ' +
    'stored. OUTDATED: older than the stored revision, ignored. REJECTED: invalid, nothing stored (see problems).',
});

@ObjectType({ description: 'What the intake did with one order.' })
export class SalesOrderReceipt {
  @Field(() => SalesOrderOutcome)
  outcome!: SalesOrderOutcome;

  @Field(() => SalesOrder, { nullable: true })
  salesOrder!: SalesOrder | null;

  @Field(() => [String], { description: 'Every problem of a REJECTED order, as `field: message`.' })
  problems!: string[];

  @Field(() => ID, { nullable: true, description: 'The event the order produced, when it changed anything.' })
  eventId!: string | null;
}

@ObjectType()
export class SalesOrderEdge {
  @Field(() => SalesOrder)
  node!: SalesOrder;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class SalesOrderConnection {
  @Field(() => [SalesOrderEdge])
  edges!: SalesOrderEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
