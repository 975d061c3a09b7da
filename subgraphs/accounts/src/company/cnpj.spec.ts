import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidCnpj, normalizeCnpj, withCnpjCheckDigits } from './cnpj.js';

describe('CNPJ', () => {
  it('accepts numbers whose check digits match, with or without punctuation', () => {
    assert.equal(isValidCnpj('11.222.333/0001-81'), true);
    assert.equal(isValidCnpj('11222333000181'), true);
    assert.equal(normalizeCnpj('11.222.333/0001-81'), '11222333000181');
  });

  it('refuses wrong check digits, wrong lengths and repeated digits', () => {
    assert.equal(isValidCnpj('11222333000182'), false);
    assert.equal(isValidCnpj('11222333000191'), false);
    assert.equal(isValidCnpj('1122233300018'), false);
    assert.equal(isValidCnpj('00000000000000'), false);
    assert.equal(isValidCnpj('abcdefghijklmn'), false);
  });

  it('completes 12 base digits into a valid CNPJ', () => {
    for (const base of ['112223330001', '042520110001', '999999990001'])
      assert.equal(isValidCnpj(withCnpjCheckDigits(base)), true);
  });
});
