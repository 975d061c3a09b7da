import { canSeePersonalData, type Identity } from '@salesgraph/auth';

/**
 * Who reads a contact's email and phone in clear (LGPD): OPERATIONS, LEGAL_COUNSEL and
 * SYSTEM_ADMIN, and the owner of the contact's company (`Company.ownerId` = the caller's `sub`).
 * Everyone else in the tenant gets them masked. The same callers may erase a contact.
 */
export function mayReadContactDetails(identity: Identity, company: { ownerId: string } | null): boolean {
  return canSeePersonalData(identity) || (company !== null && company.ownerId === identity.sub);
}

/** "maria.souza@acme.com.br" -> "m***@acme.com.br": the person is hidden, the employer's domain is not. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}

/** "+5511987654321" -> "+***********21": only the last two digits remain. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `${phone.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}
