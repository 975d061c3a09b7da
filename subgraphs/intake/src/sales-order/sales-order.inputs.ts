import { Field, InputType } from 'type-graphql';
import { SalesChannel, SalesSystem } from './sales-order.enums.js';

@InputType({ description: 'Every given field must match (and).' })
export class SalesOrderFilter {
  @Field(() => SalesSystem, { nullable: true })
  sourceSystem?: SalesSystem | null;

  @Field(() => SalesChannel, { nullable: true })
  channel?: SalesChannel | null;

  @Field(() => String, { nullable: true, description: "The customer's CNPJ, with or without punctuation." })
  cnpj?: string | null;

  @Field(() => String, { nullable: true })
  externalOrderId?: string | null;
}
