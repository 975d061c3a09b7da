import { badInput } from '@salesgraph/errors';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trimmed and lower-cased; null when absent. The value never appears in an error message. */
export function optionalEmail(value: string | null | undefined): string | null {
  const email = value?.trim().toLowerCase() ?? '';
  if (!email) return null;
  if (email.length > 254 || !EMAIL.test(email))
    throw badInput('email', 'must be an email address such as name@company.com.br');
  return email;
}

/** Digits only, with the leading "+" kept when given ("+55 (11) 98765-4321" -> "+5511987654321"). */
export function optionalPhone(value: string | null | undefined): string | null {
  const phone = value?.trim() ?? '';
  if (!phone) return null;
  if (!/^\+?[\d\s().-]+$/.test(phone))
    throw badInput('phone', 'may contain only digits, a leading "+", spaces, dots, dashes and parentheses');
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) throw badInput('phone', 'must have 8 to 15 digits');
  return phone.startsWith('+') ? `+${digits}` : digits;
}
