import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseSource } from '../engine/parse.js';
import { Facts } from '../engine/facts.js';
import { VisitorMap, walkProgram } from '../engine/walk.js';
import { ProgramModel } from './model.js';

/** Resolve the initialiser of `var out = …` in a program. */
function resolveOut(code: string) {
  const p = parseSource(code);
  const facts = new Facts(false);
  walkProgram(p.ast as any, facts, new VisitorMap());
  const m = new ProgramModel(facts);
  const b = facts.global.vars.get('out')!;
  return m.resolve(b.defs[0]!.node, facts.global);
}

/** The resolved value of the one definition of `out` (a write inside a function counts). */
function valueOfOut(code: string) {
  const p = parseSource(code);
  const facts = new Facts(false);
  walkProgram(p.ast as any, facts, new VisitorMap());
  const m = new ProgramModel(facts);
  const d = facts.global.vars.get('out')!.defs[0]!;
  return m.resolve(d.node, d.scope)?.value ?? null;
}

describe('resolveString', () => {
  test.each([
    // JSFuck fragments: `[][[]]` is undefined, so `([][[]]+[])[1]` is 'n'
    ["var out = ([][[]]+[])[1] + (![]+[])[3] + ([]+{})[1];", 'nso', false],
    ["var out = 'a' + 'b' + 1;", 'ab1', false],
    ["var h = 'ex'; var out = `https://${h}ample.test/`;", 'https://example.test/', false],
    ["var out = '\\x68\\x74\\x74\\x70';", 'http', true],
    ["var out = String.fromCharCode(104, 105);", 'hi', true],
    ["var out = atob('aGVsbG8=');", 'hello', true],
    ["var out = decodeURIComponent('%68%69');", 'hi', true],
    ["var out = unescape('%68%69');", 'hi', true],
    ["var out = 'olleh'.split('').reverse().join('');", 'hello', true],
    ["var out = ['doc', 'ument'].join('');", 'document', false],
    ["var a = 'get'; var b = a + 'Element' + 'ById'; var out = b;", 'getElementById', false],
    ["var out = window['at' + 'ob']('eA==');", 'x', true],
    // a replace callback the script defines: ROT13, a substitution table
    ["var r = function (s) { return s.replace(/[a-zA-Z]/g, function (c) { var b = c <= 'Z' ? 65 : 97; return String.fromCharCode((c.charCodeAt(0) - b + 13) % 26 + b); }); }; var out = r('uggcf://rknzcyr.grfg/');", 'https://example.test/', true],
    ["var t = { a: 'x', b: 'y' }; var out = 'a-b'.replaceAll(/[ab]/g, (m) => t[m]);", 'x-y', true],
    // a class's static fields
    ["class P { static SEL = { num: 'input[name*=cc_number]' }; } var out = P.SEL.num;", 'input[name*=cc_number]', false],
    // names built from numbers through map (Fullz House)
    ["var k = 7, $ = function (a) { return a.map(function (c) { return String.fromCharCode(c - k); }).join(''); }; var out = $([109, 108, 123, 106, 111]);", 'fetch', true],
    ["var out = 'abc'.charAt(1) + 'xyz'.substring(1, 2) + 'q'.toUpperCase();", 'byQ', false],
    // names spelled out through symbols' descriptions
    ["var S = (...a) => a.map((s) => Symbol(s).description).join(''); var out = S('send', 'Bea', 'con');", 'sendBeacon', true],
    // a reduce decoder, a configuration decoded at run time and parsed as JSON
    ["var out = [105, 104].reverse().reduce(function (a, c, i) { return a + String.fromCharCode(c - i % 1); }, '');", 'hi', true],
    ["var cfg = JSON.parse(atob('eyJ1IjoiaHR0cHM6Ly94LnRlc3QifQ==')); var out = cfg.u + '/p';", 'https://x.test/p', true],
  ])('%s', (code, value, hidden) => {
    const r = resolveOut(code);
    expect(r?.value).toBe(value);
    expect(r?.hidden).toBe(hidden);
  });

  test('a value written once under a dotted path of a name it does not know ($.fn.plugin.table)', () => {
    expect(valueOfOut("var out; (function ($) { $.fn.sw = function () {}; $.fn.sw.p = [104, 105]; out = String.fromCharCode($.fn.sw.p[0] - 0, $.fn.sw.p[1]); })(jQuery);")).toBe('hi');
    // written twice: unknown
    expect(valueOfOut("var out; (function ($) { $.fn.sw.p = 'a'; if (x) $.fn.sw.p = 'b'; out = $.fn.sw.p; })(jQuery);")).toBeNull();
  });

  test('a string built in steps past a call of something unknown made for its effect, not past one that touches its values', () => {
    const body = "var p = [104, 105], t = ''; for (var i = 0; i < p.length; i++) t += String.fromCharCode(p[i]); eval(t);";
    const evalArg = (code: string) => {
      const parsed = parseSource(code);
      const facts = new Facts(false);
      walkProgram(parsed.ast as any, facts, new VisitorMap());
      const m = new ProgramModel(facts);
      const call = facts.calls.find((c) => c.node.callee.type === 'Identifier' && c.node.callee.name === 'eval')!;
      return m.resolve(call.node.arguments[0], call.scope)?.value ?? null;
    };
    expect(evalArg(`function run() { $('img').lazy(); ${body.replace('eval(t)', 'init(); eval(t)')} }`)).toBe('hi');
    expect(evalArg(`function run() { var p = [104, 105], t = ''; mutate(p); for (var i = 0; i < p.length; i++) t += String.fromCharCode(p[i]); eval(t); }`)).toBeNull();
  });

  test('JSON.stringify of strings, numbers and arrays of them; not of objects (their unknown properties are left out)', () => {
    expect(valueOfOut("var parts = ['https://', 'x.test']; var out = 'var u=' + JSON.stringify(parts) + '.join(\"\")';")).toBe('var u=["https://","x.test"].join("")');
    expect(valueOfOut("var out = JSON.stringify('a\"b');")).toBe('"a\\"b"');
    expect(valueOfOut("var out = JSON.stringify({ n: document.getElementById('cc').value });")).toBeNull();
  });

  test('a namespace object built up by property assignments', () => {
    // a parameter (the namespace handed to an IIFE), an empty object literal, a global
    expect(valueOfOut("var out; var ns = ns || {}; (function (n) { n.cfg = { gate: 'https:' + '//x.test/t.gif' }; out = n.cfg.gate; })(ns);")).toBe('https://x.test/t.gif');
    expect(valueOfOut("var app = {}; app.host = 'x.test'; var out = 'https://' + app.host + '/c';")).toBe('https://x.test/c');
    expect(valueOfOut("cfg.u = 'https://x.test'; var out = cfg.u;")).toBe('https://x.test');
    // written twice, or not with `=`: unknown
    expect(valueOfOut("var app = {}; app.host = 'a.test'; if (dev) app.host = 'b.test'; var out = app.host;")).toBeNull();
    expect(valueOfOut("var app = {}; app.host += 'a.test'; var out = app.host;")).toBeNull();
    // a property the literal itself has wins; another object's property of the same name is not it
    expect(valueOfOut("var app = { host: 'a.test' }; app.host = 'b.test'; var out = app.host;")).toBe('a.test');
    expect(valueOfOut("var a = {}, b = {}; a.host = 'a.test'; var out = b.host;")).not.toBe('a.test');
  });

  test('one property of an object literal whose other properties are unknown', () => {
    expect(valueOfOut("var HB = { api: 'https://api.chat.test', visitor: Math.random().toString(36), bus: new Bus() }; var out = HB.api + '/v3';")).toBe('https://api.chat.test/v3');
    expect(valueOfOut("var HB = { api: 'https://a.test', v: Math.random() }; HB.api = location.host; var out = HB.api;")).toBeNull();
    expect(valueOfOut("var HB = { api: 'https://a.test', v: Math.random() }; HB = other; var out = HB.api;")).toBeNull();
    expect(valueOfOut("var HB = { get: function () { return 'x'; }, v: Math.random() }; var out = HB.get;")).toBeNull();
  });

  test('tagged templates, String.raw, rest parameters and spread arguments', () => {
    // a tag decoding char codes (every string of one skimmer went through such a tag)
    expect(resolveOut("var k = (s, ...v) => String.raw(s, ...v).split(',').map((c) => String.fromCharCode(+c - 1)).join(''); var out = k`103,102,117,100,105`;")?.value).toBe('fetch');
    expect(resolveOut("var out = String.raw`a\\nb${'c'}`;")?.value).toBe('a\\nbc');
    expect(resolveOut("var j = function (...p) { return p.join('.'); }; var out = j('a', 'b', 'c');")?.value).toBe('a.b.c');
    expect(resolveOut("var out = 'a' + String.fromCharCode(...[98, 99]);")?.value).toBe('abc');
    // a tag that is not a function the script defines: unknown
    expect(resolveOut('var out = gql`query`;')).toBeNull();
  });

  test('a string a function builds in steps before it uses it', () => {
    const xor = "(function (a, b) { var c = '', d = 0, k = b.split('').map(function (x) { return x.charCodeAt(0); }); for (; d < a.length; d += 2) c += String.fromCharCode(parseInt(a.substr(d, 2), 16) ^ k[(d / 2) % k.length]); out = c; })('23', 'K');";
    const r = (() => {
      const p = parseSource('var out; ' + xor);
      const facts = new Facts(false);
      walkProgram(p.ast as any, facts, new VisitorMap());
      const m = new ProgramModel(facts);
      const d = facts.global.vars.get('out')!.defs[0]!;
      return m.resolve(d.node, d.scope);
    })();
    expect(r?.value).toBe(String.fromCharCode(0x23 ^ 75));
    expect(r?.hidden).toBe(true);
    // the statements before the use do not run to completion on constants: unknown
    expect(valueOfOut("var out; (function () { var s = ''; s += readField(); out = s; })();")).toBeNull();
    // a value that only exists after the use is not what the use sees
    expect(valueOfOut("var out; (function () { var s = 'a'; out = s; s += 'b'; })();")).toBe('a');
  });

  test('functions put on a namespace or on the window, and the window behind a typeof guard', () => {
    expect(valueOfOut("var ns = {}; ns.f = ns.f || function (a) { return a + 'x'; }; var out = ns.f('a');")).toBe('ax');
    expect(valueOfOut("window.__d = window.__d || function (a) { return a + 'x'; }; var out; (function (z) { out = z.__d('b'); })(window.Function ? window : this);")).toBe('bx');
    expect(valueOfOut("var out; (function (g) { out = g.atob('eA=='); })(typeof window !== 'undefined' ? window : this);")).toBe('x');
    // set twice: unknown
    expect(valueOfOut("window.__d = function (a) { return a; }; if (x) window.__d = function (a) { return a + 'y'; }; var out = window.__d('a');")).toBeNull();
  });

  test('the parameter of an immediately invoked function is its argument', () => {
    expect(valueOfOut("var out; (function (c, w) { out = c.u + '/p'; })({ u: 'https://x.test' }, window);")).toBe('https://x.test/p');
    // written inside the function, or a function that is not invoked immediately
    expect(valueOfOut("var out; (function (c) { c = read(); out = c + '/p'; })('x');")).toBeNull();
    expect(valueOfOut("var out; function f(c) { out = c + '/p'; } f('x');")).toBeNull();
  });

  test('array and string methods borrowed with call and apply (javascript-obfuscator base64 decoders)', () => {
    const decoder = "function d(s) { return decodeURIComponent(Array.prototype.map.call(atob(s), function (c) { return '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2); }).join('')); }";
    expect(resolveOut(`${decoder} var out = d('d2Vic29ja2V0');`)?.value).toBe('websocket');
    expect(resolveOut("var out = [].map.call('gdkkn', function (c) { return String.fromCharCode(c.charCodeAt(0) + 1); }).join('');")?.value).toBe('hello');
    expect(resolveOut("var out = Array.prototype.slice.apply('fetchx', [0, 5]).join('');")?.value).toBe('fetch');
    expect(resolveOut("var out = String.prototype.toUpperCase.call('get');")?.value).toBe('GET');
    // a borrowed method on something it cannot run on stays unknown
    expect(resolveOut('var out = Array.prototype.join.call(window.x, "");')).toBeNull();
  });

  test('unknown values stay unknown', () => {
    expect(resolveOut('var out = foo() + "x";')).toBeNull();
    expect(resolveOut('var x = 1; x = 2; var out = "a" + x;')).toBeNull();
    expect(resolveOut("var out = JSON.parse('{bad json').u;")).toBeNull();
    // a callback whose result depends on the page
    expect(resolveOut("var out = 'a{k}'.replace(/\\{(\\w+)\\}/g, function (m, k) { return params[k]; });")).toBeNull();
  });

  test('string array with an index function and a rotation loop', () => {
    const code = `var arr = ['c', 'a', 'b']; (function(a, n){ var f = function(k){ while(--k){ a['push'](a['shift']()); } }; f(++n); }(arr, 0x1));
var get = function(i){ i = i - 0x0; return arr[i]; };
var out = get('0x0') + get('0x1') + get('0x2');`;
    expect(resolveOut(code)?.value).toBe('abc');
  });

  test('javascript-obfuscator array function with parseInt checksum loop', () => {
    const code = `function A(){ var s = ['x', '2zz', 'y', '5qq']; A = function(){ return s; }; return A(); }
function G(i){ var s = A(); return G = function(j){ j = j - 0x10; return s[j]; }, G(i); }
(function(f, t){ var g = G, a = f(); while (!![]) { try { var c = parseInt(g(0x11)) * parseInt(g(0x13)); if (c === t) break; else a['push'](a['shift']()); } catch (e) { a['push'](a['shift']()); } } }(A, 10));
var out = G(0x10) + G(0x12);`;
    expect(resolveOut(code)?.value).toBe('xy');
  });

  test('budget: an endless loop resolves to unknown instead of hanging', () => {
    const code = `function f(){ while(true){} return 'x'; } var out = f();`;
    expect(resolveOut(code)).toBeNull();
  });

  test('concatenation of constants matches JavaScript', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: 0, max: 999 })), { minLength: 1, maxLength: 6 }), (parts) => {
      const code = `var out = ${parts.map((p) => JSON.stringify(p)).join(' + ')};`;
      // eslint-disable-next-line no-eval
      const expected = String((0, eval)(parts.map((p) => JSON.stringify(p)).join(' + ')));
      expect(resolveOut(code)?.value).toBe(expected);
    }), { numRuns: 50 });
  });
});
