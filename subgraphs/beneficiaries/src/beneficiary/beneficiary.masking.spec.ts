import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { roles, type Identity, type Role } from '@salesgraph/auth';
import { isPersonalDataMasked, presentBirthDate, presentCpf } from './beneficiary.masking.js';

const as = (...granted: Role[]): Identity => ({ sub: 'u', tenant: 't', roles: granted, scopes: [] });
const clearReaders: Role[] = ['OPERATIONS', 'LEGAL_COUNSEL', 'SYSTEM_ADMIN'];

describe('personal data masking by role', () => {
  it('shows CPF and birth date in clear to OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN', () => {
    for (const role of clearReaders) {
      assert.equal(presentCpf(as(role), '52998224725'), '52998224725');
      assert.equal(presentBirthDate(as(role), '1990-05-17'), '1990-05-17');
      assert.equal(isPersonalDataMasked(as(role)), false);
    }
  });

  it('masks the CPF and hides the birth date from every other role', () => {
    for (const role of roles.filter((r) => !clearReaders.includes(r))) {
      assert.equal(presentCpf(as(role), '52998224725'), '***.982.247-**', role);
      assert.equal(presentBirthDate(as(role), '1990-05-17'), null, role);
      assert.equal(isPersonalDataMasked(as(role)), true, role);
    }
  });

  it('masks a caller with no role at all, and shows a SALES_REP who is also OPERATIONS in clear', () => {
    assert.equal(presentCpf(as(), '52998224725'), '***.982.247-**');
    assert.equal(presentCpf(as('SALES_REP', 'OPERATIONS'), '52998224725'), '52998224725');
  });

  it('keeps an erased (null) CPF null for everyone', () => {
    assert.equal(presentCpf(as('SALES_REP'), null), null);
    assert.equal(presentCpf(as('OPERATIONS'), null), null);
  });
});
