import type { Contract } from './contract.entity.js';

export const contractReference = {
  Contract: {
    __resolveReference: (reference: { id: string }): Contract => ({ id: reference.id }),
  },
};
