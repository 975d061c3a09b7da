import { badInput } from '@salesgraph/errors';
import { MEDDIC_PART_MAX } from './deal.meddic.js';

export function requireText(field: string, value: string | null | undefined, max: number): string {
  const text = value?.trim();
  if (!text) throw badInput(field, 'must not be empty');
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  return text;
}

/** `null` or blank -> null (cleared); otherwise trimmed and bounded. */
export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value == null || !value.trim()) return null;
  return requireText(field, value, max);
}

export function requireValue(field: string, value: string | null | undefined): string {
  if (value == null) throw badInput(field, 'must not be null');
  if (value.startsWith('-')) throw badInput(field, 'must not be negative');
  return value;
}

export function requireLives(field: string, value: number | null | undefined): number {
  if (value == null || !Number.isInteger(value) || value < 1 || value > 1_000_000)
    throw badInput(field, 'must be a whole number from 1 to 1,000,000');
  return value;
}

export function requireProbability(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 100)
    throw badInput(field, 'must be a whole percentage from 0 to 100');
  return value;
}

export function requireMeddicPart(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MEDDIC_PART_MAX)
    throw badInput(field, `must be a whole number from 0 to ${MEDDIC_PART_MAX}`);
  return value;
}
