import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '@salesgraph/config';
import { gatewayEnv } from './config.js';

const secret = 'a-gateway-identity-secret-of-32-characters-or-more';
const oidc = { issuer: 'https://login.example.com/as', audience: 'salesgraph' };

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(gatewayEnv, env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return [...error.problems];
  }
  assert.fail('expected the configuration to be refused');
}

describe('gateway configuration', () => {
  it('has working defaults for local development', () => {
    const config = parseConfig(gatewayEnv, { GATEWAY_IDENTITY_SECRET: secret });
    assert.equal(config.PORT, 4000);
    assert.equal(config.NODE_ENV, 'development');
    assert.equal(config.DEV_ISSUER_ENABLED, true);
    assert.match(config.SUPERGRAPH_PATH, /\/supergraph\.graphql$/);
    assert.match(config.DEV_ISSUER_KEY_FILE, /\/\.data\/dev-issuer\/key\.json$/);
    assert.deepEqual(config.OIDC_ISSUERS, []);
    assert.deepEqual(config.SUBGRAPH_URLS, {});
    assert.equal(config.GATEWAY_IDENTITY_TTL_SECONDS, 30);
    assert.ok(Object.isFrozen(config));
  });

  it('parses OIDC issuers and subgraph URL overrides', () => {
    const config = parseConfig(gatewayEnv, {
      GATEWAY_IDENTITY_SECRET: secret,
      OIDC_ISSUERS: JSON.stringify([
        oidc,
        {
          issuer: 'https://idp.example',
          audience: ['a', 'b'],
          jwksUri: 'https://idp.example/keys',
          algorithms: ['ES256'],
        },
      ]),
      SUBGRAPH_URLS: 'accounts=http://accounts:4001/graphql, deals=http://deals:4002/graphql',
    });
    assert.equal(config.OIDC_ISSUERS.length, 2);
    assert.deepEqual(config.OIDC_ISSUERS[1]?.algorithms, ['ES256']);
    assert.deepEqual(config.SUBGRAPH_URLS, {
      accounts: 'http://accounts:4001/graphql',
      deals: 'http://deals:4002/graphql',
    });
  });

  it('refuses the development issuer in production mode', () => {
    const found = problems({
      NODE_ENV: 'production',
      GATEWAY_IDENTITY_SECRET: secret,
      DEV_ISSUER_ENABLED: 'true',
      OIDC_ISSUERS: JSON.stringify([oidc]),
    });
    assert.ok(
      found.some((problem) => problem.startsWith('DEV_ISSUER_ENABLED')),
      found.join('\n'),
    );
  });

  it('turns the development issuer off by default in production mode', () => {
    const config = parseConfig(gatewayEnv, {
      NODE_ENV: 'production',
      GATEWAY_IDENTITY_SECRET: secret,
      OIDC_ISSUERS: JSON.stringify([oidc]),
    });
    assert.equal(config.DEV_ISSUER_ENABLED, false);
  });

  it('refuses to start with no trusted issuer at all (the graph has no anonymous access)', () => {
    assert.ok(
      problems({ NODE_ENV: 'production', GATEWAY_IDENTITY_SECRET: secret }).some((problem) =>
        problem.startsWith('OIDC_ISSUERS'),
      ),
    );
    assert.ok(
      problems({ GATEWAY_IDENTITY_SECRET: secret, DEV_ISSUER_ENABLED: 'false' }).some((problem) =>
        problem.startsWith('OIDC_ISSUERS'),
      ),
    );
  });

  it('refuses plain-http issuers in production mode', () => {
    const found = problems({
      NODE_ENV: 'production',
      GATEWAY_IDENTITY_SECRET: secret,
      OIDC_ISSUERS: JSON.stringify([{ ...oidc, issuer: 'http://login.example.com' }]),
    });
    assert.ok(
      found.some((problem) => problem.includes('https')),
      found.join('\n'),
    );
  });

  it('refuses the development issuer smuggled in as an OIDC issuer', () => {
    const found = problems({
      GATEWAY_IDENTITY_SECRET: secret,
      OIDC_ISSUERS: JSON.stringify([{ issuer: 'urn:salesgraph:dev-issuer', audience: 'salesgraph' }]),
    });
    assert.ok(
      found.some((problem) => problem.startsWith('OIDC_ISSUERS.0.issuer')),
      found.join('\n'),
    );
  });

  it('reports every problem at once, naming the variable', () => {
    const found = problems({
      PORT: 'eighty',
      OIDC_ISSUERS: '{not json',
      SUBGRAPH_URLS: 'accounts',
      DEV_ISSUER_ENABLED: 'yes',
    });
    for (const name of ['PORT', 'GATEWAY_IDENTITY_SECRET', 'OIDC_ISSUERS', 'SUBGRAPH_URLS', 'DEV_ISSUER_ENABLED']) {
      assert.ok(
        found.some((problem) => problem.startsWith(name)),
        `${name} not reported in:\n${found.join('\n')}`,
      );
    }
  });

  it('shares reads and reuses signed identities by default, for a third of their lifetime', () => {
    const config = parseConfig(gatewayEnv, { GATEWAY_IDENTITY_SECRET: secret });
    assert.equal(config.GATEWAY_SHARE_OPERATIONS, true);
    assert.equal(config.GATEWAY_SHARE_SUBGRAPH_REQUESTS, true);
    assert.equal(config.GATEWAY_IDENTITY_REUSE_SECONDS, 10);
    const short = parseConfig(gatewayEnv, {
      GATEWAY_IDENTITY_SECRET: secret,
      GATEWAY_IDENTITY_TTL_SECONDS: '12',
      GATEWAY_SHARE_OPERATIONS: 'false',
    });
    assert.equal(short.GATEWAY_IDENTITY_REUSE_SECONDS, 4);
    assert.equal(short.GATEWAY_SHARE_OPERATIONS, false);
  });

  it('refuses reusing a signed identity for more than half its lifetime', () => {
    const found = problems({ GATEWAY_IDENTITY_SECRET: secret, GATEWAY_IDENTITY_REUSE_SECONDS: '16' });
    assert.ok(
      found.some((problem) => problem.startsWith('GATEWAY_IDENTITY_REUSE_SECONDS')),
      found.join('\n'),
    );
    assert.equal(
      parseConfig(gatewayEnv, { GATEWAY_IDENTITY_SECRET: secret, GATEWAY_IDENTITY_REUSE_SECONDS: '0' })
        .GATEWAY_IDENTITY_REUSE_SECONDS,
      0,
    );
  });

  it('refuses OIDC issuers with unknown fields or symmetric algorithms', () => {
    assert.ok(
      problems({ GATEWAY_IDENTITY_SECRET: secret, OIDC_ISSUERS: JSON.stringify([{ ...oidc, algorithms: ['HS256'] }]) })
        .length > 0,
    );
    assert.ok(
      problems({ GATEWAY_IDENTITY_SECRET: secret, OIDC_ISSUERS: JSON.stringify([{ ...oidc, secret: 'x' }]) }).length >
        0,
    );
  });

  it('turns quotas on by default in production mode only, with the product defaults and per-client overrides', () => {
    const development = parseConfig(gatewayEnv, { GATEWAY_IDENTITY_SECRET: secret });
    assert.equal(development.QUOTAS_ENABLED, false);
    const production = parseConfig(gatewayEnv, {
      NODE_ENV: 'production',
      GATEWAY_IDENTITY_SECRET: secret,
      OIDC_ISSUERS: JSON.stringify([oidc]),
      QUOTA_CLIENT_OVERRIDES: JSON.stringify({ 'acme-erp': { points: 5000, requestsPerMinute: 600 } }),
    });
    assert.equal(production.QUOTAS_ENABLED, true);
    assert.deepEqual(
      [production.QUOTA_CLIENT_POINTS, production.QUOTA_USER_REQUESTS_PER_HOUR, production.QUOTA_TENANT_POINTS],
      [1000, 1000, 20_000],
    );
    assert.deepEqual(production.QUOTA_CLIENT_OVERRIDES['acme-erp'], { points: 5000, requestsPerMinute: 600 });
  });

  it('refuses malformed quota overrides, Redis URLs and CORS origins, naming the variable', () => {
    const found = problems({
      GATEWAY_IDENTITY_SECRET: secret,
      QUOTA_CLIENT_OVERRIDES: '{"app": {"points": -1}}',
      REDIS_URL: 'http://127.0.0.1:6379',
      CORS_ALLOWED_ORIGINS: 'https://crm.example.com/app',
      CORS_CLIENT_ORIGINS: 'not json',
    }).join('\n');
    for (const name of ['QUOTA_CLIENT_OVERRIDES', 'REDIS_URL', 'CORS_ALLOWED_ORIGINS', 'CORS_CLIENT_ORIGINS'])
      assert.match(found, new RegExp(name));
  });
});
