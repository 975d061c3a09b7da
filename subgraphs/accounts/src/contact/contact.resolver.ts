import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canSeePersonalData } from '@salesgraph/auth';
import type { AccountsContext } from '../context.js';
import { Company } from '../company/company.entity.js';
import { companyLoader } from '../company/company.reference.js';
import { Contact } from './contact.entity.js';
import { AddContactInput, UpdateContactInput } from './contact.inputs.js';
import { ContactResult, EraseContactResult } from './contact.results.js';
import { addContact, eraseContact, updateContact } from './contact.service.js';
import { companyContactsLoader, contactLoader } from './contact.reference.js';
import { maskEmail, maskPhone, mayReadContactDetails } from './contact.access.js';

const MASKED =
  'Personal data: in clear only for OPERATIONS, LEGAL_COUNSEL, SYSTEM_ADMIN and the company owner; masked for everyone else.';

/** Whether the caller reads this contact's details in clear; the owner check reuses the request's company loader. */
async function detailsVisible(contact: Contact, context: AccountsContext): Promise<boolean> {
  if (canSeePersonalData(context.identity)) return true;
  return mayReadContactDetails(context.identity, await companyLoader(context).load(contact.companyId));
}

@Resolver(() => Contact)
export class ContactResolver {
  @Query(() => Contact, { nullable: true, description: "A contact of the caller's tenant." })
  contact(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<Contact | null> {
    return contactLoader(context).load(id);
  }

  @Mutation(() => ContactResult)
  addContact(
    @Arg('input', () => AddContactInput) input: AddContactInput,
    @Ctx() context: AccountsContext,
  ): Promise<ContactResult> {
    return addContact(context, input);
  }

  @Mutation(() => ContactResult)
  updateContact(
    @Arg('input', () => UpdateContactInput) input: UpdateContactInput,
    @Ctx() context: AccountsContext,
  ): Promise<ContactResult> {
    return updateContact(context, input);
  }

  @Mutation(() => EraseContactResult, {
    description: 'LGPD erasure of a contact; for OPERATIONS, LEGAL_COUNSEL, SYSTEM_ADMIN and the company owner.',
  })
  eraseContact(@Arg('id', () => ID) id: string, @Ctx() context: AccountsContext): Promise<EraseContactResult> {
    return eraseContact(context, id);
  }

  @FieldResolver(() => Company, { description: 'The company the contact works at.' })
  async company(@Root() contact: Contact, @Ctx() context: AccountsContext): Promise<Company> {
    const company = await companyLoader(context).load(contact.companyId);
    if (!company) throw new Error('contact without its company');
    return company;
  }

  @FieldResolver(() => String, { nullable: true, description: MASKED })
  async email(@Root() contact: Contact, @Ctx() context: AccountsContext): Promise<string | null> {
    if (contact.email === null) return null;
    return (await detailsVisible(contact, context)) ? contact.email : maskEmail(contact.email);
  }

  @FieldResolver(() => String, { nullable: true, description: MASKED })
  async phone(@Root() contact: Contact, @Ctx() context: AccountsContext): Promise<string | null> {
    if (contact.phone === null) return null;
    return (await detailsVisible(contact, context)) ? contact.phone : maskPhone(contact.phone);
  }
}

/** Contributes `Company.contacts`: batched, one statement for the contacts of N companies. */
@Resolver(() => Company)
export class CompanyContactsResolver {
  @FieldResolver(() => [Contact], { description: "The company's contacts, oldest first." })
  contacts(@Root() company: Company, @Ctx() context: AccountsContext): Promise<Contact[]> {
    return companyContactsLoader(context).load(company.id);
  }
}
