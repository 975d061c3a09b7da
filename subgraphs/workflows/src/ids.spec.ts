import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUuid } from '@salesgraph/write';
import { processIdFor, taskIdFor } from './ids.js';

describe('workflows: name-based ids', () => {
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
