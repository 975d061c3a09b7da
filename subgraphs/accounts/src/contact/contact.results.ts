import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Contact } from './contact.entity.js';

export enum ContactProblemReason {
  STALE_VERSION = 'STALE_VERSION',
}
registerEnumType(ContactProblemReason, { name: 'ContactProblemReason' });

@ObjectType({ description: 'An expected business outcome that stopped the change; nothing was written.' })
export class ContactProblem {
  @Field(() => ContactProblemReason)
  reason!: ContactProblemReason;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'Either `contact` (changed) or `problem` (nothing changed).' })
export class ContactResult {
  @Field(() => Contact, { nullable: true })
  contact!: Contact | null;

  @Field(() => ContactProblem, { nullable: true })
  problem!: ContactProblem | null;

  @Field(() => ID, { nullable: true, description: 'The event the change produced (read-your-writes token).' })
  eventId!: string | null;
}

@ObjectType({ description: 'The contact and its personal data are gone; `contact.erased` was published.' })
export class EraseContactResult {
  @Field(() => ID)
  contactId!: string;

  @Field(() => ID)
  eventId!: string;
}

export const contactProblem = (reason: ContactProblemReason, message: string): ContactResult => ({
  contact: null,
  problem: { reason, message },
  eventId: null,
});
