import { describe, expect, test } from 'vitest';
import { fieldRole, hasFormSegment, isFormSegment, isSweepSelector, selectorRole } from './payment-fields.js';

describe('fieldRole', () => {
  test.each([
    ['cc-number', 'card-number'], ['cardNumber', 'card-number'], ['payment[cc_number]', 'card-number'], ['ctl00$Main$txtCardNumber', 'card-number'],
    ['creditcard', 'card-number'], ['cc_num', 'card-number'], ['cvv2', 'cvv'], ['cc-csc', 'cvv'], ['payment[cc_cid]', 'cvv'], ['securityCode', 'cvv'],
    ['cc-exp', 'expiry'], ['ddlExpMonth', 'expiry'], ['expiration-date', 'expiry'], ['payment[cc_exp_year]', 'expiry'],
    ['cardholder', 'holder'], ['txtNameOnCard', 'holder'], ['billing_address_1', 'billing'], ['billing_postcode', 'billing'],
    // ASP.NET WebForms (Click2Gov): the naming containers' `PlaceHolder` is not the field's decoration
    ['ctl00$ContentPlaceHolder1$txtCardNumber', 'card-number'], ['ctl00_ContentPlaceHolder1_txtCVV', 'cvv'], ['ContentPlaceHolder1_ddlExpMonth', 'expiry'],
  ])('%s -> %s', (name, role) => expect(fieldRole(name)).toBe(role));
  test.each(['search', 'email', 'expires', 'card', 'card-body', 'number', 'cid', 'creditcardtype', 'discount-code', 'regexp', 'card-number-icon', 'cvvHelp', 'cc-exp-error', 'cardNumberLabel', 'card-number-container', 'cvv-label-descriptor', 'cvv-field-group', 'ctl00$ContentPlaceHolder1$txtSearch', 'ctl00_ContentPlaceHolder1_lblCardNumberHelp', 'card-number-slot', 'cvv-mount', 'card-element', 'cardNumberElement', 'card-number-iframe', 'cc-number-frame', 'card-cvc-wrap'])('%s is not a payment field', (n) => {
    expect(fieldRole(n)).toBeNull();
  });
});

describe('selectorRole', () => {
  test.each([
    ['#cc-number', 'card-number'], ['input[name="payment[cc_number]"]', 'card-number'], ['[autocomplete=cc-csc]', 'cvv'],
    ["input[name='cvc']", 'cvv'], ['#billing-address', 'billing'], ['form #card_number, #cvv', 'card-number'],
    // fields named in a processor library's data attribute, or by a data attribute of their own
    ['[data-stripe="number"]', 'card-number'], ['input[data-stripe=cvc]', 'cvv'], ["[data-braintree-name='expiration_month']", 'expiry'],
    ['[data-encrypted-name="holderName"]', 'holder'], ['[data-card-field]', 'card-number'], ['input[data-cc-input]', 'card-number'], ['[data-cvv]', 'cvv'],
  ])('%s -> %s', (sel, role) => expect(selectorRole(sel)).toBe(role));
  test.each(['.card', '.card-body .btn', '#search', 'input[type=checkbox]', '[data-stripe-publishable-key]', '[data-card-type]', '[data-card-icon]', '[data-toggle="name"]', '[data-payment-method="paypal"]', '[data-stripe="submit"]', '[data-cc-brand]', '[data-card]', '[data-card-data]'])('%s is not a payment selector', (s) => expect(selectorRole(s)).toBeNull());
});

describe('isSweepSelector', () => {
  test.each(['input', 'input, select, textarea', 'form input', ':input', 'form *', 'input[type=hidden], input[type=text]'])('%s sweeps', (s) => expect(isSweepSelector(s)).toBe(true));
  test.each(['.input-group', 'input[type=checkbox]', '#inputName', 'div', 'a[href], button, textarea, input, select, [tabindex]:not([tabindex="-1"])', 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [href]', 'input[type="submit"], button:submit', 'input[type=checkbox], input[type=radio]'])('%s does not', (s) => expect(isSweepSelector(s)).toBe(false));
});

describe('form names', () => {
  test.each(['form', 'checkoutForm', 'payment_form', 'paymentform', 'frm', 'formEl', 'myForms', 'formelement', 'FORM'])('%s names a form', (n) => expect(isFormSegment(n)).toBe(true));
  test.each(['transform', 'platform', 'performance', 'format', 'formatter', 'information', 'uniform', 'target', 'Formio', 'GlobalFormio'])('%s does not', (n) => expect(isFormSegment(n)).toBe(false));
  test('dotted names', () => {
    expect(hasFormSegment('this.checkoutForm.el')).toBe(true);
    expect(hasFormSegment('e.transform')).toBe(false);
  });
});
