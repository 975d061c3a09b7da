import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pipelineIdOf } from './pipeline-id.js';

describe('pipeline ids', () => {
  it('gives each tenant one stable pipeline id, different from every other tenant', () => {
    assert.equal(pipelineIdOf('tenant-a'), pipelineIdOf('tenant-a'));
    assert.notEqual(pipelineIdOf('tenant-a'), pipelineIdOf('tenant-b'));
    assert.match(pipelineIdOf('tenant-a'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
