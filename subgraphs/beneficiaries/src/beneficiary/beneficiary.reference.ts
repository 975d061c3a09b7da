import { requestLoader, referencedOrNotFound } from '@salesgraph/subgraph';
import type { BeneficiariesContext } from '../context.js';
import type { Beneficiary } from './beneficiary.entity.js';
import { beneficiariesByIds } from './beneficiary.service.js';

/** One SQL statement per request for every Beneficiary the gateway (or a field) asks for. */
export function beneficiaryLoader(context: BeneficiariesContext) {
  return requestLoader<string, Beneficiary | null>(context, 'beneficiary.byId', (ids) =>
    beneficiariesByIds(context.em, ids),
  );
}

export const beneficiaryReference = {
  Beneficiary: {
    __resolveReference: (reference: { id: string }, context: BeneficiariesContext) =>
      referencedOrNotFound('Beneficiary', beneficiaryLoader(context).load(reference.id)),
  },
};
