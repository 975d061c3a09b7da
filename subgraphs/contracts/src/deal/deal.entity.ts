import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The deals subgraph's Deal, referenced by key; this subgraph contributes `contract` and `contracts`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Deal {
  @Field(() => ID)
  id!: string;
}
