import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '@salesgraph/config';
import { embeddedEnv } from './config.js';

describe('embedded start configuration', () => {
  it('passes the integration settings on to the subgraphs and keeps nothing else of the environment', () => {
    const config = parseConfig(embeddedEnv, {
      PORT: '4100',
      SIGNATURE_PROVIDER: 'adobe-sign',
      ADOBE_SIGN_CLIENT_ID: 'client-1',
      ANS_OPERATOR_REGISTRATION: '123456',
      HOME: '/root',
      PATH: '/usr/bin',
    });
    assert.equal(config.PORT, 4100);
    assert.deepEqual(config.integrationEnv, {
      SIGNATURE_PROVIDER: 'adobe-sign',
      ADOBE_SIGN_CLIENT_ID: 'client-1',
      ANS_OPERATOR_REGISTRATION: '123456',
    });
    assert.equal('HOME' in config, false);
    assert.equal(config.DATABASE_POOL_MAX, 4);
  });
});
