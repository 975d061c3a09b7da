import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidCpf, maskCpf, normalizeCpf, withCpfCheckDigits } from './cpf.js';

describe('CPF', () => {
  it('accepts numbers whose check digits match, with or without punctuation', () => {
    assert.equal(isValidCpf('529.982.247-25'), true);
    assert.equal(isValidCpf('52998224725'), true);
    assert.equal(isValidCpf('111.444.777-35'), true);
    assert.equal(normalizeCpf('529.982.247-25'), '52998224725');
  });

  it('refuses a wrong first or second check digit, wrong lengths, letters and repeated digits', () => {
    assert.equal(isValidCpf('52998224735'), false);
    assert.equal(isValidCpf('52998224726'), false);
    assert.equal(isValidCpf('5299822472'), false);
    assert.equal(isValidCpf('529982247250'), false);
    assert.equal(isValidCpf('5299822472a'), false);
    for (const digit of '0123456789') assert.equal(isValidCpf(digit.repeat(11)), false);
  });

  it('computes a check digit of 0 when the remainder is 10 or 11', () => {
    // 000.000.006: the first remainder is 10; 000.000.018: the second remainder is 10.
    assert.equal(withCpfCheckDigits('000000006'), '00000000604');
    assert.equal(withCpfCheckDigits('000000018'), '00000001830');
    assert.equal(isValidCpf('00000000604'), true);
    assert.equal(isValidCpf('00000001830'), true);
    assert.equal(isValidCpf('00000000614'), false);
  });

  it('completes 9 base digits into a valid CPF', () => {
    for (const base of ['529982247', '111444777', '987654321', '000000001'])
      assert.equal(isValidCpf(withCpfCheckDigits(base)), true);
  });
});

describe('CPF masking', () => {
  it('shows only the middle six digits, in the ***.456.789-** shape', () => {
    assert.equal(maskCpf('12345678909'), '***.456.789-**');
    assert.equal(maskCpf('123.456.789-09'), '***.456.789-**');
  });

  it('never reveals the first three or the check digits', () => {
    const masked = maskCpf('52998224725');
    assert.equal(masked, '***.982.247-**');
    assert.ok(!masked.includes('529') && !masked.endsWith('25'));
  });

  it('masks a malformed value entirely rather than leaking it', () => {
    assert.equal(maskCpf('123'), '***.***.***-**');
  });
});
