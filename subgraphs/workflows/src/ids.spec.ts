import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUuid } from '@salesgraph/write';
import { processIdFor, taskIdFor, uuidV5 } from './ids.js';

describe('workflows: name-based ids', () => {
  it('computes the RFC 9562 test vector for version-5 uuids', () => {
    // RFC 9562 appendix A.4: name "www.example.com" in the DNS namespace.
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives one process id per tenant and deal, different across tenants', () => {
    const deal = '0d6f6f0e-3b1a-4c7e-9a57-3b8f8f0d2a11';
    assert.equal(processIdFor('t1', deal), processIdFor('t1', deal));
    assert.notEqual(processIdFor('t1', deal), processIdFor('t2', deal));
    assert.ok(isUuid(processIdFor('t1', deal)));
  });

  it('gives different task ids for different source events and types', () => {
    const event = '8c1a7d55-6f1e-4e7a-b9a1-1f0c2d3e4f50';
    assert.notEqual(taskIdFor('t1', event, 'APPROVAL'), taskIdFor('t1', event, 'ANS_REGISTRATION'));
    assert.equal(taskIdFor('t1', event, 'APPROVAL'), taskIdFor('t1', event, 'APPROVAL'));
  });
});
