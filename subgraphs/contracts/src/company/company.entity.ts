import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The accounts subgraph's Company, referenced by key; this subgraph contributes `contracts`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Company {
  @Field(() => ID)
  id!: string;
}
