import { ANS_DEADLINE_HOURS } from './beneficiary.entity.js';

/** Calendar dates (inclusion date, "today" for birth-date checks) are Brazilian business dates. */
export const BUSINESS_TIME_ZONE = 'America/Sao_Paulo';

const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The yyyy-mm-dd date of an instant in America/Sao_Paulo. */
export function businessDate(instant: Date): string {
  return dateFormat.format(instant);
}

/** Whole years between a yyyy-mm-dd birth date and a yyyy-mm-dd day. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export const MAX_AGE = 120;

/** Why a birth date is refused (null when accepted): not after today, age at most 120. */
export function birthDateProblem(birthDate: string, today: string): string | null {
  if (birthDate > today) return 'must not be in the future';
  if (ageOn(birthDate, today) > MAX_AGE) return `age must be at most ${MAX_AGE} years`;
  return null;
}

/** ANS registration is due 72 hours after inclusion. */
export function ansDeadlineFor(includedAt: Date): Date {
  return new Date(includedAt.getTime() + ANS_DEADLINE_HOURS * 3_600_000);
}
