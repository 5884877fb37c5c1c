import rule from './payment-field-read.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "document.getElementById('cc-number').value;",
    "$('#card-number').val();",
    "document.getElementById('search').value;",
    "var card = document.querySelector('.card-body');",
    "document.cookie = 'a=1; expires=Thu, 01 Jan 2030 00:00:00 GMT';",
    { name: 'a config object that happens to have a cc_number key (not Magento payment data)', code: "var labels = { cc_number: 'Card number', cc_cid: 'CVV' }; el.textContent = labels.cc_number;" },
    { name: 'a helper building a selector with a string method of its parameter, called with a search field', code: "function byName(n) { return $('[name=\"' + n.replace('_', '-') + '\"]').val(); } byName('search_query');" },
    { name: 'a helper trying each selector of a comma list, called with search and newsletter fields', code: "function firstVal(sel) { var l = sel.split(','); for (var i = 0; i < l.length; i++) { var e = document.querySelector(l[i]); if (e && e.value) return e.value; } return ''; } var q = firstVal('#search,[name=q]'); var m = firstVal('#newsletter-email,[name=subscribe]');" },
    { name: 'a decoder run over a table of char codes naming newsletter fields', code: "function u(a) { for (var o = '', i = 0; i < a.length; i++) o += String.fromCharCode(a[i] - 1); return o; } var T = [[102,110,98,106,109], [111,98,110,102]]; for (var i = 0; i < T.length; i++) { var k = u(T[i]); var el = document.getElementsByName(k)[0]; }" },
    { name: 'a decoder run on each index a forEach hands it, naming search fields', code: "var _k = ['q', 'search', 'namedItem', 'value']; function k(i) { return _k[i]; } [0, 1].forEach(function (i) { var n = k(i); var el = document.forms[0].elements[k(2)](n); });" },
  ],
  invalid: [
    { name: 'field names decoded per row at the top level of a script, the loop index named like the decoder\'s', code: "function u(a) { for (var o = '', i = 0; i < a.length; i++) o += String.fromCharCode(a[i] - 1); return o; } var T = [[100,100,96,111,118,110,99,102,115], [100,100,96,100,106,101]]; function pick(n) { var el = document.getElementsByName(n)[0]; return el ? el.value : ''; } for (var i = 0; i < T.length; i++) { var key = u(T[i]); var v = pick(key); }", messageIds: ['hidden'] },
    { name: 'a string-array decoder run on each index a forEach hands it, naming card fields', code: "var _k = ['cardNumber', 'cvv', 'namedItem', 'value']; function k(i) { return _k[i]; } var e = document.forms[0].elements; [0, 1].forEach(function (i) { var n = k(i); var el = e[k(2)](n); });", messageIds: ['hidden'] },
    { name: 'field names decoded from a char-code table by the script\'s own function, one per loop turn, read through a helper', code: "(function (d) { function u(a) { for (var o = '', i = 0; i < a.length; i++) o += String.fromCharCode(a[i] - 1); return o; } var T = [[100,100,96,111,118,110,99,102,115], [100,100,96,100,106,101]]; function pick(n) { var el = d.getElementsByName(n)[0]; return el ? el.value : ''; } for (var i = 0; i < T.length; i++) { var key = u(T[i]); var v = pick(key); } })(document);", messageIds: ['hidden'], severity: 'high' },
    { name: 'a helper trying each selector of a comma list, called with card field selectors', code: "function fieldVal(sel) { var list = sel.split(','); for (var i = 0; i < list.length; i++) { var el = document.querySelector(list[i]); if (el && el.value) return el.value; } return ''; } var cn = fieldVal('[autocomplete=\"cc-number\"],[name*=\"cc_number\"]');", messageIds: ['read'] },
    { name: 'Magento 2 place-order payment data: paymentData.additional_data.cc_number', code: "function payload(paymentData) { var add = (paymentData && paymentData.additional_data) || {}; return { n: add.cc_number, c: add.cc_cid }; }", messageIds: ['read'] },
    { name: 'a helper building its selector with a string method of its parameter, called with card field names', code: "function fromDom(name) { return $('[name=\"payment[' + name + ']\"], [data-container$=\"' + name.replace('_', '-') + '\"]').val(); } var n = fromDom('cc_number');", messageIds: ['read'] },
    { code: "var n = document.getElementById('cc-number').value;", messageIds: ['read'], severity: 'low' },
    { code: "var c = document.querySelector('input[name=\"payment[cc_cid]\"]');", messageIds: ['read'] },
    { code: "var e = document.querySelector('[autocomplete=cc-exp]');", messageIds: ['read'] },
    { code: "var k = ['cc_number']; var v = document[atob('Z2V0RWxlbWVudEJ5SWQ=')](k[0]);", messageIds: ['read'] },
    { code: "var n = document.getElementById(String.fromCharCode(99,99,110,117,109)).value;", messageIds: ['hidden'], severity: 'high' },
  ],
});
