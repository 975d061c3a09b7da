import type { ProductMapping } from '../adapter.js';

/** Pyxis product codes -> our plan types (README "Mapping tables"). */
export const pyxisProductPlans: ProductMapping = {
  'PX-AMB-01': 'AMBULATORIAL',
  'PX-HOSP-02': 'HOSPITALAR',
  'PX-HOBS-03': 'HOSPITALAR_OBSTETRICIA',
  'PX-REF-04': 'REFERENCIA',
  'PX-ODO-05': 'ODONTOLOGICO',
};
