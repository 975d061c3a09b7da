import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { appError } from '@salesgraph/errors';
import { defineWrites } from '@salesgraph/write';
import { Contact } from './contact.entity.js';

export enum ContactProblemReason {
  STALE_VERSION = 'STALE_VERSION',
  COMPANY_NOT_FOUND = 'COMPANY_NOT_FOUND',
}
registerEnumType(ContactProblemReason, {
  name: 'ContactProblemReason',
  valuesConfig: {
    COMPANY_NOT_FOUND: {
      description:
        "No company with that companyId in the caller's tenant (the same answer for an id of another tenant).",
    },
  },
});

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

/** Every contact mutation goes through this frame (packages/write): the rules are in the service. */
export const contactWrites = defineWrites<Contact, ContactResult>({
  entity: Contact,
  noun: 'contact',
  result: ({ entity, problem, eventId }) => ({ contact: entity, problem: problem as ContactProblem | null, eventId }),
});

/** Erasure through the same frame; it has no expected outcome but done, so a problem here is a bug. */
export const contactErasures = defineWrites<Contact, EraseContactResult>({
  entity: Contact,
  noun: 'contact',
  result: ({ entity, problem, eventId }) => {
    if (problem || !entity || !eventId) throw appError('INTERNAL_SERVER_ERROR', 'The contact was not erased');
    return { contactId: entity.id, eventId };
  },
});
