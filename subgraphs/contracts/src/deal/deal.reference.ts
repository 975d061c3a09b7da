import type { Deal } from './deal.entity.js';

export const dealReference = {
  Deal: {
    __resolveReference: (reference: { id: string }): Deal => ({ id: reference.id }),
  },
};
