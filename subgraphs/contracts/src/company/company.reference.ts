import type { Company } from './company.entity.js';

export const companyReference = {
  Company: {
    __resolveReference: (reference: { id: string }): Company => ({ id: reference.id }),
  },
};
