import { randomBytes } from 'node:crypto';

/** The values the probe types into a payment form; unique per target and run. */
export interface CanaryValues {
  /** The primary canary: a Luhn-valid card number from a test range (digits only). */
  cardNumber: string;
  cvv: string;
  expMonth: string;
  expYear: string;
  /** MM/YY */
  expiry: string;
  holder: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let d = body.charCodeAt(body.length - 1 - k) - 48;
    if (k % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function luhnValid(digits: string): boolean {
  return /^\d{12,19}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/**
 * Fresh canary values. `random` (tests) gives deterministic values. The card comes from Visa's
 * documented test range (4111 11…), 16 digits, with 9 random digits so that two targets or runs
 * never share a card.
 */
export function generateCanary(random: (n: number) => Buffer = randomBytes, now = new Date()): CanaryValues {
  const bytes = random(24);
  let digits = '';
  for (let i = 0; digits.length < 9; i++) digits += String(bytes[i % bytes.length]! % 10);
  const body = `411111${digits}`;
  const cardNumber = body + luhnCheckDigit(body);
  const letters = 'bcdfghjklmnpqrstvwxz';
  const vowels = 'aeiou';
  let token = '';
  for (let i = 0; i < 6; i++) token += (i % 2 ? vowels[bytes[9 + i]! % vowels.length] : letters[bytes[9 + i]! % letters.length]);
  const lastName = `${token[0]!.toUpperCase()}${token.slice(1)}`;
  const year = now.getUTCFullYear() + 3;
  const expMonth = String(1 + (bytes[15]! % 12)).padStart(2, '0');
  const cvv = String(100 + ((bytes[16]! << 8 | bytes[17]!) % 900));
  const phone = `202555${String((bytes[18]! << 8 | bytes[19]!) % 10000).padStart(4, '0')}`;
  return {
    cardNumber, cvv, expMonth, expYear: String(year), expiry: `${expMonth}/${String(year).slice(2)}`,
    holder: `Casey ${lastName}`, firstName: 'Casey', lastName,
    email: `casey.${token}@canary-mail.example`, phone,
    address: `${100 + (bytes[20]! % 800)} ${lastName} Lane`, city: 'Springfield', state: 'IL',
    zip: String(62701 + (bytes[21]! % 90)), country: 'US',
  };
}
