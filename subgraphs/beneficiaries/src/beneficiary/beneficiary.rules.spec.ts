import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, ansDeadlineFor, birthDateProblem, businessDate } from './beneficiary.dates.js';
import { healthCardNumber, isValidLuhn, luhnDigit } from './health-card.js';

describe('birth date rules', () => {
  it('accepts a birth date of today and refuses tomorrow', () => {
    assert.equal(birthDateProblem('2026-03-10', '2026-03-10'), null);
    assert.equal(birthDateProblem('2026-03-11', '2026-03-10'), 'must not be in the future');
  });

  it('accepts an age of exactly 120 and refuses 121', () => {
    assert.equal(ageOn('1906-03-10', '2026-03-10'), 120);
    assert.equal(birthDateProblem('1906-03-10', '2026-03-10'), null);
    assert.equal(ageOn('1905-03-10', '2026-03-10'), 121);
    assert.equal(birthDateProblem('1905-03-10', '2026-03-10'), 'age must be at most 120 years');
    assert.equal(birthDateProblem('1905-03-11', '2026-03-10'), null, 'turns 121 tomorrow');
  });

  it('counts a 29 February birthday as passed only from 1 March in common years', () => {
    assert.equal(ageOn('2000-02-29', '2025-02-28'), 24);
    assert.equal(ageOn('2000-02-29', '2025-03-01'), 25);
  });
});

describe('ANS deadline and inclusion date', () => {
  it('is exactly 72 hours after inclusion', () => {
    const includedAt = new Date('2026-05-01T23:30:00.000Z');
    assert.equal(ansDeadlineFor(includedAt).toISOString(), '2026-05-04T23:30:00.000Z');
  });

  it('dates an inclusion in America/Sao_Paulo, not UTC', () => {
    assert.equal(businessDate(new Date('2026-05-02T01:30:00.000Z')), '2026-05-01');
    assert.equal(businessDate(new Date('2026-05-02T03:30:00.000Z')), '2026-05-02');
  });
});

describe('health card numbers', () => {
  it('are 16 digits: operator registration, sequence, Luhn check digit', () => {
    const number = healthCardNumber('123456', 42);
    assert.equal(number.length, 16);
    assert.ok(number.startsWith('123456000000042'));
    assert.equal(isValidLuhn(number), true);
  });

  it('compute the Luhn digit of a known number', () => {
    assert.equal(luhnDigit('7992739871'), 3);
    assert.equal(isValidLuhn('79927398713'), true);
    assert.equal(isValidLuhn('79927398710'), false);
  });
});
