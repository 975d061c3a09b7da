import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The beneficiaries subgraph's Beneficiary, referenced by key; this subgraph contributes `ansTask`. */
@Directive('@key(fields: "id")')
@ObjectType()
export class Beneficiary {
  @Field(() => ID)
  id!: string;
}
