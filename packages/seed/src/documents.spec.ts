import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cnpjFromBase,
  cpfFromBase,
  formatCnpj,
  formatCpf,
  generateCnpj,
  generateCpf,
  isValidCnpj,
  isValidCpf,
} from './documents.js';
import { createRandom } from './random.js';

describe('CPF and CNPJ generators', () => {
  it('complete known documents with the check digits the Receita Federal computes', () => {
    assert.equal(cpfFromBase('529982247'), '52998224725');
    assert.equal(cpfFromBase('111444777'), '11144477735');
    assert.equal(cnpjFromBase('112223330001'), '11222333000181');
    assert.equal(formatCpf('52998224725'), '529.982.247-25');
    assert.equal(formatCnpj('11222333000181'), '11.222.333/0001-81');
  });

  it('refuse a wrong check digit and a repeated digit', () => {
    assert.equal(isValidCpf('52998224726'), false);
    assert.equal(isValidCpf('11111111111'), false);
    assert.equal(isValidCnpj('11222333000180'), false);
    assert.equal(isValidCnpj('00000000000000'), false);
  });

  it('generate 10,000 valid CPFs and CNPJs, the same ones for the same seed', () => {
    const first = createRandom('documents');
    const second = createRandom('documents');
    for (let i = 0; i < 10_000; i++) {
      const cpf = generateCpf(first);
      const cnpj = generateCnpj(first);
      assert.ok(isValidCpf(cpf), cpf);
      assert.ok(isValidCnpj(cnpj), cnpj);
      assert.equal(generateCpf(second), cpf);
      assert.equal(generateCnpj(second), cnpj);
    }
  });
});
