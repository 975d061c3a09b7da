import { z } from 'zod';

/** BRL amounts travel as decimal strings with two places ("1234.50"), never floats. */
export const money = z.string().regex(/^-?\d+\.\d{2}$/, 'must be a decimal string with 2 places');
