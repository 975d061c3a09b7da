import type { Company } from './company.entity.js';

/** The gateway sends `cnpj` along (Company.salesOrders @requires it). */
export const companyReference = {
  Company: {
    __resolveReference: (reference: Company): Company => reference,
  },
};
