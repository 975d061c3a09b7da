import type { Random } from './random.js';

/** Mod-11 check digit of a CPF prefix (weights n+1 .. 2). */
function cpfCheckDigit(digits: readonly number[]): number {
  const firstWeight = digits.length + 1;
  const sum = digits.reduce((total, digit, index) => total + digit * (firstWeight - index), 0);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_W2 = [6, ...CNPJ_W1] as const;

function cnpjCheckDigit(digits: readonly number[], weights: readonly number[]): number {
  const rest = digits.reduce((total, digit, index) => total + digit * weights[index]!, 0) % 11;
  return rest < 2 ? 0 : 11 - rest;
}

const digitsOf = (text: string) => [...text].map(Number);

/** 9 base digits -> the 11-digit CPF with its two check digits. */
export function cpfFromBase(base9: string): string {
  if (!/^\d{9}$/.test(base9)) throw new Error('a CPF base has 9 digits');
  const digits = digitsOf(base9);
  const first = cpfCheckDigit(digits);
  return `${base9}${first}${cpfCheckDigit([...digits, first])}`;
}

/** 12 base digits (8 of the company, 4 of the branch) -> the 14-digit CNPJ. */
export function cnpjFromBase(base12: string): string {
  if (!/^\d{12}$/.test(base12)) throw new Error('a CNPJ base has 12 digits');
  const digits = digitsOf(base12);
  const first = cnpjCheckDigit(digits, CNPJ_W1);
  return `${base12}${first}${cnpjCheckDigit([...digits, first], CNPJ_W2)}`;
}

/** A valid CNPJ from a number: its last 8 digits, branch 0001, and the two check digits. */
export function cnpjFor(n: number): string {
  return cnpjFromBase(`${String(n % 100_000_000).padStart(8, '0')}0001`);
}

export function isValidCpf(value: string): boolean {
  const cpf = value.replace(/[.\-\s]/g, '');
  return /^\d{11}$/.test(cpf) && !/^(\d)\1{10}$/.test(cpf) && cpfFromBase(cpf.slice(0, 9)) === cpf;
}

export function isValidCnpj(value: string): boolean {
  const cnpj = value.replace(/[.\-/\s]/g, '');
  return /^\d{14}$/.test(cnpj) && !/^(\d)\1{13}$/.test(cnpj) && cnpjFromBase(cnpj.slice(0, 12)) === cnpj;
}

const randomDigits = (random: Random, count: number) => Array.from({ length: count }, () => random.int(0, 9)).join('');

/** A valid CPF (never one repeated digit), e.g. `52998224725`. */
export function generateCpf(random: Random): string {
  for (;;) {
    const base = randomDigits(random, 9);
    if (!/^(\d)\1{8}$/.test(base)) return cpfFromBase(base);
  }
}

/** A valid CNPJ of a head office (branch 0001) or, now and then, another branch. */
export function generateCnpj(random: Random): string {
  for (;;) {
    const root = randomDigits(random, 8);
    if (/^(\d)\1{7}$/.test(root)) continue;
    const branch = random.chance(0.85) ? '0001' : String(random.int(2, 9)).padStart(4, '0');
    return cnpjFromBase(`${root}${branch}`);
  }
}

/** Draws values until one is new to `taken` (CPF and CNPJ are unique per tenant). */
export function uniqueValue(taken: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}

/** `52998224725` -> `529.982.247-25`. */
export const formatCpf = (cpf: string) => cpf.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');

/** `11222333000181` -> `11.222.333/0001-81`. */
export const formatCnpj = (cnpj: string) => cnpj.replace(/^(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})$/, '$1.$2.$3/$4-$5');
