import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import { verifyForwardedIdentity, type Identity } from '@salesgraph/auth';
import { TEST_IDENTITY_SECRET } from '@salesgraph/testkit';
import { createIdentitySigner } from './identity-signer.js';

const rep: Identity = { sub: 'rep-1', tenant: 'acme', roles: ['SALES_REP'], scopes: [] };

function signerAt(options: { reuseSeconds: number; maxPrincipals?: number }) {
  let clock = 1_000_000;
  const sign = createIdentitySigner({ secret: TEST_IDENTITY_SECRET, ttlSeconds: 30, now: () => clock, ...options });
  return { sign, advance: (ms: number) => (clock += ms) };
}

describe('the identity signer', () => {
  it('reuses one signed identity for the same principal within the reuse window, then signs a new one', async () => {
    const { sign, advance } = signerAt({ reuseSeconds: 10 });
    const first = await sign(rep);
    assert.equal(await sign({ ...rep, roles: ['SALES_REP'], scopes: [] }), first);
    advance(9_999);
    assert.equal(await sign(rep), first);
    advance(1);
    const second = await sign(rep);
    assert.notEqual(second, first);
    assert.notEqual(decodeJwt(second).jti, decodeJwt(first).jti);
    assert.deepEqual(await verifyForwardedIdentity(second, TEST_IDENTITY_SECRET), rep);
  });

  it('never gives one principal the identity of another: subject, tenant, roles and scopes each make their own', async () => {
    const { sign } = signerAt({ reuseSeconds: 10 });
    const principals: Identity[] = [
      rep,
      { ...rep, sub: 'rep-2' },
      { ...rep, tenant: 'globex' },
      { ...rep, roles: ['SALES_REP', 'OPERATIONS'] },
      { ...rep, scopes: ['deals:read'] },
    ];
    const tokens = await Promise.all(principals.map((principal) => sign(principal)));
    assert.equal(new Set(tokens).size, principals.length);
    for (const [index, principal] of principals.entries()) {
      assert.deepEqual(await verifyForwardedIdentity(tokens[index], TEST_IDENTITY_SECRET), principal);
    }
  });

  it('treats roles and scopes as sets (order does not make another principal)', async () => {
    const { sign } = signerAt({ reuseSeconds: 10 });
    const one = await sign({ ...rep, roles: ['SALES_REP', 'OPERATIONS'], scopes: ['a', 'b'] });
    assert.equal(await sign({ ...rep, roles: ['OPERATIONS', 'SALES_REP'], scopes: ['b', 'a'] }), one);
  });

  it('signs per call when reuse is 0, and forgets the oldest principal beyond its bound', async () => {
    const perCall = signerAt({ reuseSeconds: 0 });
    assert.notEqual(await perCall.sign(rep), await perCall.sign(rep));

    const bounded = signerAt({ reuseSeconds: 10, maxPrincipals: 2 });
    const first = await bounded.sign(rep);
    await bounded.sign({ ...rep, sub: 'rep-2' });
    assert.equal(await bounded.sign(rep), first);
    await bounded.sign({ ...rep, sub: 'rep-3' }); // rep-1, signed first, is forgotten
    assert.notEqual(await bounded.sign(rep), first);
  });

  it('signs tokens with the full lifetime, whatever the reuse', async () => {
    const { sign } = signerAt({ reuseSeconds: 10 });
    const claims = decodeJwt(await sign(rep));
    assert.equal(claims.exp! - claims.iat!, 30);
  });
});
