import rule from './devtools-detection.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'a wrapped native masking its source with a toString override (Zone.js, Sentry)', code: "var orig = window.fetch; window.fetch = function () { return orig.apply(this, arguments); }; window.fetch.toString = function () { return orig.toString(); };" },
    { name: 'a value object with its own toString, and a layout size check with no outer/inner pair', code: "function Money(a) { this.a = a; this.when = new Date(); } Money.prototype.toString = function () { return '$' + this.a; }; var w = window.innerWidth * 0.5 - sidebar.offsetWidth;" },
    { name: "webpack's module polyfill defines an id getter on its t; an unrelated t (a caught error) is logged", code: "var polyfill = function (t) { Object.defineProperty(t, 'id', { enumerable: true, get: function () { return t.i; } }); return t; }; function bind(o) { try { o.run(); } catch (t) { console.warn(t); } }" },
    { name: 'checkout SDK: reads the card and tests natives with Function.prototype.toString (isNative)', code: "var isNative = function (f) { return /\\[native code\\]/.test(Function.prototype.toString.call(f)); }; var pan = document.getElementById('cc-number').value; if (isNative(window.fetch)) submit(pan);" },
    { name: 'input formatter: webdriver check beside an input sweep and key listeners (autoNumeric)', code: "var shift = false; document.addEventListener('keydown', function (e) { shift = e.shiftKey; }); var isTest = navigator.webdriver === true; document.querySelectorAll('input[data-autonumeric]').forEach(function (el) { el.addEventListener('blur', function () { el.value = Number(el.value).toFixed(2); }); });" },
    { name: "the debug package's colour check (console.firebug)", code: "function useColors() { return typeof window !== 'undefined' && window.console && (window.console.firebug || (window.console.exception && window.console.table)); }" },
    "var w = window.innerWidth - 20;",
    "var ratio = window.outerWidth / window.innerWidth;",
    "console.log('debug');",
    // near misses from analytics / bot filtering and libraries
    { name: 'posthog: bot user agents in a list', code: "var BOTS = ['headlesschrome', 'phantomjs', 'googlebot']; function isBot(ua){ return BOTS.some(function(b){ return ua.toLowerCase().indexOf(b) >= 0; }); }" },
    { name: 'bot filter on webdriver, no payment data', code: "if (navigator.webdriver || window.callPhantom) { config.capture = false; }" },
    { name: 'lodash/core-js isNative', code: "var fnToString = Function.prototype.toString; function isNative(f){ return /\\[native code\\]/.test(fnToString.call(f)); }" },
    { name: 'a leftover debugger statement', code: "function f(x){ debugger; return x + 1; }" },
    { name: 'timing without debugger', code: "var t = Date.now(); work(); if (Date.now() - t > 100) slow();" },
    { name: "a store module named 'debugger' beside timing code (Pendo agent)", code: "function boot(store) { var t = Date.now(); store.registerModule('debugger', dbg); store.registerModule('errorLog', log); if (Date.now() - t > 100) slow(); }" },
    { name: 'id property and console logging of another object', code: "Object.defineProperty(model, 'id', { get: function(){ return 1; } }); console.log(err);" },
  ],
  invalid: [
    { code: "if (window.outerWidth - window.innerWidth > 160) stop();", messageIds: ['size'], severity: 'medium' },
    { name: 'window size compared at the zoom level (disable-devtool)', code: "var z = window.devicePixelRatio || 1; if (300 < window.outerHeight - window.innerHeight * z) onOpen();", messageIds: ['size'], severity: 'medium' },
    { name: "a RegExp's toString replaced, then the RegExp logged (an open console calls toString)", code: "function D() { var t = this; this.reg = /./; this.reg.toString = function () { t.open = true; return ''; }; } D.prototype.check = function () { log(this.reg); };", messageIds: ['bait'], severity: 'medium' },
    { name: "a Date's toString counting calls", code: "var d = new Date(), n = 0; d.toString = function () { n++; return ''; }; setInterval(function () { n = 0; console.log(d); if (n >= 2) location.href = 'about:blank'; }, 1000);", messageIds: ['bait'], severity: 'medium' },
    { code: "if (navigator.webdriver) return;", messageIds: ['prop'], severity: 'low' },
    { code: "if (/HeadlessChrome/.test(navigator.userAgent) || window.Firebug) quit();", messageIds: ['prop'], severity: 'medium' },
    { name: 'webdriver check in a script that reads the card', code: "if (!navigator.webdriver) { var c = document.getElementById('cc-number').value; }", messageIds: ['prop'], severity: 'medium' },
    { name: 'debugger run from a string by a timer, timed', code: "setInterval(function () { var t = Date.now(); setTimeout('debugger', 0); if (Date.now() - t > 100) stop(); }, 1000);", messageIds: ['trap'], severity: 'medium' },
    { name: 'debugger timing trap', code: "setInterval(function(){ var t = Date.now(); debugger; if (Date.now() - t > 100) stop(); }, 1000);", messageIds: ['trap'], severity: 'medium' },
    { name: 'obfuscator debug protection', code: "(function(){ return false; }).constructor('debugger').call('action');", messageIds: ['trap'], severity: 'medium' },
    { name: 'console id-getter trick', code: "var el = new Image(); Object.defineProperty(el, 'id', { get: function(){ open = true; } }); console.log(el);", messageIds: ['console'], severity: 'medium' },
  ],
});
