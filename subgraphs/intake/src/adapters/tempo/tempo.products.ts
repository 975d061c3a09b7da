import type { ProductMapping } from '../adapter.js';

/** Tempo SKUs -> our plan types (README "Mapping tables"). */
export const tempoProductPlans: ProductMapping = {
  'TMP-OUTPATIENT': 'AMBULATORIAL',
  'TMP-HOSPITAL': 'HOSPITALAR',
  'TMP-HOSP-MATERNITY': 'HOSPITALAR_OBSTETRICIA',
  'TMP-REFERENCE': 'REFERENCIA',
  'TMP-DENTAL': 'ODONTOLOGICO',
};
