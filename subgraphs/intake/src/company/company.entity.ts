import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The accounts subgraph's Company, referenced by key; this subgraph contributes `salesOrders` (by CNPJ). */
@Directive('@key(fields: "id")')
@ObjectType()
export class Company {
  @Field(() => ID)
  id!: string;

  @Directive('@external')
  @Field(() => String)
  cnpj!: string;
}
