/** CPF: 11 digits whose last two are check digits (mod 11 with weights 10..2 and 11..2). */
export function normalizeCpf(value: string): string {
  return value.replace(/[.\-\s]/g, '');
}

function checkDigit(digits: readonly number[]): number {
  const firstWeight = digits.length + 1;
  const sum = digits.reduce((total, digit, index) => total + digit * (firstWeight - index), 0);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

export function isValidCpf(value: string): boolean {
  const cpf = normalizeCpf(value);
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  return digits[9] === checkDigit(digits.slice(0, 9)) && digits[10] === checkDigit(digits.slice(0, 10));
}

/** Completes 9 base digits with their check digits (used by builders and the seed). */
export function withCpfCheckDigits(base9: string): string {
  const digits = [...base9].map(Number);
  const first = checkDigit(digits);
  const second = checkDigit([...digits, first]);
  return `${base9}${first}${second}`;
}

/** `12345678909` -> `***.456.789-**`: only the middle six digits stay visible. */
export function maskCpf(cpf: string): string {
  const digits = normalizeCpf(cpf);
  if (!/^\d{11}$/.test(digits)) return '***.***.***-**';
  return `***.${digits.slice(3, 6)}.${digits.slice(6, 9)}-**`;
}
