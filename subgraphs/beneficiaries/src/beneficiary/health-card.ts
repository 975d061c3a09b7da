/** Luhn (mod 10) check digit of a digit string. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidLuhn(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnDigit(number.slice(0, -1)) === Number(number.at(-1));
}

/**
 * A 16-digit health card number: the 6-digit ANS operator registration, a 9-digit number
 * from the `health_card_seq` sequence, and a Luhn check digit. Unique because the sequence is.
 */
export function healthCardNumber(operatorRegistration: string, sequence: number | string): string {
  const body = `${operatorRegistration}${String(sequence).padStart(9, '0').slice(-9)}`;
  return `${body}${luhnDigit(body)}`;
}
