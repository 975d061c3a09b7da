import { Field, ID, InputType, Int } from 'type-graphql';
import { MeddicRole } from './contact.entity.js';

@InputType()
export class AddContactInput {
  @Field(() => ID)
  companyId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      '8 to 15 digits; an optional leading "+", spaces, dots, dashes and parentheses are accepted and removed.',
  })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  @Field(() => MeddicRole, { nullable: true })
  meddicRole?: MeddicRole | null;

  @Field(() => Boolean, { nullable: true, description: 'Defaults to false (LGPD: consent is never assumed).' })
  marketingConsent?: boolean | null;
}

@InputType({ description: 'Only the fields given are changed; null clears an optional field.' })
export class UpdateContactInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version the client read; a stale version is refused.' })
  version!: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  @Field(() => MeddicRole, { nullable: true })
  meddicRole?: MeddicRole | null;

  @Field(() => Boolean, { nullable: true })
  marketingConsent?: boolean | null;
}
