import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { createDemandControl } from './demand-control.js';
import { createMemoryBuckets } from './memory-buckets.js';
import { quotaPolicy } from './quota-policy.js';
import { createSubscriptionQuota } from './subscription-quota.js';

const demand = () =>
  createDemandControl({
    buckets: createMemoryBuckets(),
    policy: quotaPolicy({
      QUOTA_CLIENT_POINTS: 100,
      QUOTA_CLIENT_RESTORE_PER_SECOND: 0.001,
      QUOTA_CLIENT_REQUESTS_PER_MINUTE: 100,
      QUOTA_USER_POINTS: 100,
      QUOTA_USER_RESTORE_PER_SECOND: 0.001,
      QUOTA_USER_REQUESTS_PER_HOUR: 1000,
      QUOTA_TENANT_POINTS: 10_000,
      QUOTA_TENANT_RESTORE_PER_SECOND: 0.001,
      QUOTA_CLIENT_OVERRIDES: {},
    }),
    onStoreFailure: 'open',
    logger: createLogger('subscription-quota-spec', 'silent'),
  });

const user = (sub: string, tenant = 'acme'): Identity => ({ sub, tenant, roles: ['SALES_REP'], scopes: [] });
const client = (sub: string, tenant = 'acme'): Identity => ({ sub, tenant, roles: [], scopes: ['deals:read'] });

describe('subscription caps and per-delivery charges', () => {
  it('refuses a caller past its cap with RATE_LIMITED, and takes it again once one ends', async () => {
    const quota = createSubscriptionQuota({ demand: demand(), perCaller: 2, perTenant: 100, pointsPerDelivery: 1 });
    const first = quota.open(user('rep-1'));
    assert.ok(!(first instanceof GraphQLError));
    assert.ok(!(quota.open(user('rep-1')) instanceof GraphQLError));
    const refused = quota.open(user('rep-1'));
    assert.ok(refused instanceof GraphQLError);
    assert.deepEqual(
      [refused.extensions['code'], refused.extensions['bucket']],
      ['RATE_LIMITED', 'user-subscriptions'],
    );
    assert.ok(!(quota.open(user('rep-2')) instanceof GraphQLError), 'another user of the tenant');
    first.release();
    first.release();
    assert.ok(!(quota.open(user('rep-1')) instanceof GraphQLError));
    assert.ok(quota.open(user('rep-1')) instanceof GraphQLError, 'released once, not twice');
    await quota.close();
  });

  it('caps a tenant over all its callers, clients included', async () => {
    const quota = createSubscriptionQuota({ demand: demand(), perCaller: 10, perTenant: 3, pointsPerDelivery: 1 });
    for (const identity of [user('a'), user('b'), client('app')])
      assert.ok(!(quota.open(identity) instanceof GraphQLError));
    const refused = quota.open(client('other-app'));
    assert.ok(refused instanceof GraphQLError);
    assert.equal(refused.extensions['bucket'], 'tenant-subscriptions');
    assert.ok(!(quota.open(user('a', 'globex')) instanceof GraphQLError), 'another tenant');
    await quota.close();
  });

  it("charges each delivered message to the subscriber's points buckets, summed per subject", async () => {
    const control = demand();
    const quota = createSubscriptionQuota({ demand: control, perCaller: 10, perTenant: 10, pointsPerDelivery: 2 });
    const lease = quota.open(client('app'));
    assert.ok(!(lease instanceof GraphQLError));
    lease.delivered(30);
    lease.delivered(10);
    await quota.close();
    // 80 points charged: the client's bucket of 100 holds 20, so a request costing 30 is refused.
    const next = await control.admit({ tenant: 'acme', client: 'app' }, 30);
    assert.ok('refused' in next);
    assert.equal(next.refused.error.extensions['bucket'], 'client-points');
    assert.match(next.refused.error.message, /holds 20 of the 30/);
  });
});
