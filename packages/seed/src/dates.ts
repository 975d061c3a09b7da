import type { Random } from './random.js';

/** ISO dates (`YYYY-MM-DD`) computed in UTC, so no time zone shifts a day. */
const parse = (iso: string) => new Date(`${iso}T00:00:00Z`);
const format = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const date = parse(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return format(date);
}

/** The first day of the month `months` after the month of `iso` (negative: before). */
export function firstOfMonth(iso: string, months = 0): string {
  const date = parse(iso);
  return format(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
}

/** The day before the same day `months` later: a contract starting 2027-01-01 for 12 months ends 2027-12-31. */
export const endAfterMonths = (start: string, months: number) => addDays(firstOfMonth(start, months), -1);

/** Today in America/Sao_Paulo, where the business runs. */
export function todayInSaoPaulo(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Sao_Paulo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** A birth date of someone `age` whole years old on `today` (never after the day before `today`). */
export function birthDateForAge(random: Random, today: string, age: number): string {
  const latest = addDays(today, -1);
  const youngest = parse(latest);
  youngest.setUTCFullYear(youngest.getUTCFullYear() - age);
  return addDays(format(youngest), -random.int(0, 364));
}
