import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The contracts subgraph's Contract, referenced by key; this subgraph contributes `beneficiaries` and `activeLives`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Contract {
  @Field(() => ID)
  id!: string;
}
