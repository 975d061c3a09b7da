import { badInput } from '@salesgraph/errors';
import { isValidCnpj, normalizeCnpj } from './cnpj.js';

export function requireText(field: string, value: string | null | undefined, max = 200): string {
  const text = value?.trim() ?? '';
  if (!text) throw badInput(field, 'must not be empty');
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  return text;
}

export function optionalText(field: string, value: string | null | undefined, max = 200): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requireText(field, value, max);
}

export function requireCnpj(value: string): string {
  const cnpj = normalizeCnpj(value);
  if (!/^\d{14}$/.test(cnpj)) throw badInput('cnpj', 'must have 14 digits');
  if (!isValidCnpj(cnpj)) throw badInput('cnpj', 'check digits do not match');
  return cnpj;
}

export function requireEmployeeCount(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 10_000_000)
    throw badInput('employeeCount', 'must be a whole number from 0 to 10,000,000');
  return value;
}

export function requireCountryCode(value: string | null | undefined): string {
  const code = (value ?? 'BR').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw badInput('countryCode', 'must be an ISO 3166-1 alpha-2 code');
  return code;
}
