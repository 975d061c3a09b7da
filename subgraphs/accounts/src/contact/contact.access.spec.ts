import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity, Role } from '@salesgraph/auth';
import { maskEmail, maskPhone, mayReadContactDetails } from './contact.access.js';
import { optionalEmail, optionalPhone } from './contact.validation.js';

const caller = (roles: Role[], sub = 'rep-1'): Identity => ({ sub, tenant: 't', roles, scopes: [] });

describe('contact details (personal data)', () => {
  it('are readable in clear by OPERATIONS, LEGAL_COUNSEL, SYSTEM_ADMIN and the company owner only', () => {
    const company = { ownerId: 'rep-1' };
    for (const role of ['OPERATIONS', 'LEGAL_COUNSEL', 'SYSTEM_ADMIN'] as Role[])
      assert.equal(mayReadContactDetails(caller([role], 'someone'), company), true, role);
    assert.equal(mayReadContactDetails(caller(['SALES_REP'], 'rep-1'), company), true);
    for (const role of [
      'SALES_REP',
      'SALES_MANAGER',
      'COMMERCIAL_DIRECTOR',
      'CEO_BOARD',
      'CUSTOMER_SUCCESS',
    ] as Role[]) {
      assert.equal(mayReadContactDetails(caller([role], 'rep-2'), company), false, role);
    }
    assert.equal(mayReadContactDetails(caller(['SALES_REP'], 'rep-1'), null), false);
  });

  it('are masked keeping only the first letter and domain of an email and the last two digits of a phone', () => {
    assert.equal(maskEmail('maria.souza@acme.com.br'), 'm***@acme.com.br');
    assert.equal(maskPhone('+5511987654321'), '+***********21');
    assert.equal(maskPhone('1133224455'), '********55');
  });

  it('are normalised on input and refused when malformed', () => {
    assert.equal(optionalEmail('  Maria.Souza@ACME.com.br '), 'maria.souza@acme.com.br');
    assert.equal(optionalPhone('+55 (11) 98765-4321'), '+5511987654321');
    assert.equal(optionalEmail(''), null);
    assert.equal(optionalPhone(null), null);
    assert.throws(() => optionalEmail('maria@'), /email/);
    assert.throws(() => optionalPhone('1234'), /phone: must have 8 to 15 digits/);
    assert.throws(() => optionalPhone('call 1133224455'), /phone/);
  });
});
