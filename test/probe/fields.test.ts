import { describe, expect, it } from 'vitest';
import { classifyField, stripPrefixes } from '../../src/gather/probe/fields.js';

describe('field classification', () => {
  it.each([
    [{ autocomplete: 'cc-number' }, 'card-number'],
    [{ autocomplete: 'off', label: 'CVV *', name: 'ctl00$MainContent$txtCVV', id: 'ctl00_MainContent_txtCVV' }, 'cvv'],
    [{ name: 'ctl00$Main$txtCardNumber' }, 'card-number'],
    [{ id: 'ctl00_MainContent_txtCardholderName' }, 'holder'],
    [{ label: 'Cardholder name' }, 'holder'],
    [{ placeholder: 'MM / YY' }, 'expiry'],
    [{ ariaLabel: 'Security code' }, 'cvv'],
    [{ name: 'billing_zip' }, 'zip'],
    [{ type: 'email', name: 'x' }, 'email'],
  ])('%j -> %s', (f, role) => {
    expect(classifyField(f)).toBe(role);
  });
  it('strips ASP.NET prefixes', () => {
    expect(stripPrefixes('ctl00$Main$txtCardNumber')).toBe('card number');
    expect(stripPrefixes('ctl00_MainContent_txtCVV')).toMatch(/cvv/);
  });
});
