import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '@salesgraph/auth';
import { accessScope } from './access-scope.js';

const who = (identity: Partial<Identity>): Identity => ({
  sub: 'u1',
  tenant: 'acme',
  roles: ['SALES_MANAGER'],
  scopes: [],
  ...identity,
});

describe('access scopes (who may share one entity load)', () => {
  it('lets managers and above of one tenant with the same roles share, whoever they are', () => {
    assert.equal(accessScope(who({ sub: 'u1' })), accessScope(who({ sub: 'u2' })));
    assert.equal(
      accessScope(who({ roles: ['CEO_BOARD', 'SALES_MANAGER'] })),
      accessScope(who({ roles: ['SALES_MANAGER', 'CEO_BOARD'], sub: 'u9' })),
    );
  });

  it('keeps everyone below SALES_MANAGER to themselves (a SALES_REP sees own deals)', () => {
    assert.notEqual(
      accessScope(who({ roles: ['SALES_REP'], sub: 'rep-1' })),
      accessScope(who({ roles: ['SALES_REP'], sub: 'rep-2' })),
    );
    assert.notEqual(
      accessScope(who({ roles: ['OPERATIONS'], sub: 'op-1' })),
      accessScope(who({ roles: ['OPERATIONS'], sub: 'op-2' })),
    );
  });

  it('never shares across tenants, roles or scopes', () => {
    assert.notEqual(accessScope(who({ tenant: 'acme' })), accessScope(who({ tenant: 'other' })));
    assert.notEqual(
      accessScope(who({ roles: ['SALES_MANAGER'] })),
      accessScope(who({ roles: ['SALES_MANAGER', 'LEGAL_COUNSEL'] })),
    );
    assert.notEqual(accessScope(who({ scopes: ['deals:read'] })), accessScope(who({ scopes: [] })));
  });
});
