import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isUuid, uuidV5 } from './ids.js';

describe('ids', () => {
  it('computes the RFC 9562 test vector for version-5 uuids (appendix A.4: www.example.com in the DNS namespace)', () => {
    assert.equal(
      uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('tells a well-formed uuid from anything else', () => {
    assert.equal(isUuid('2ed6657d-e927-568b-95e1-2665a8aea6a2'), true);
    assert.equal(isUuid('2ed6657d-e927-568b-95e1'), false);
  });
});
