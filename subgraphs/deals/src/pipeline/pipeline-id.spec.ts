import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pipelineIdOf, uuidV5 } from './pipeline-id.js';

describe('pipeline ids', () => {
  it('computes uuid v5 as RFC 9562 specifies (the DNS namespace example)', () => {
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives each tenant one stable pipeline id, different from every other tenant', () => {
    assert.equal(pipelineIdOf('tenant-a'), pipelineIdOf('tenant-a'));
    assert.notEqual(pipelineIdOf('tenant-a'), pipelineIdOf('tenant-b'));
    assert.match(pipelineIdOf('tenant-a'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
