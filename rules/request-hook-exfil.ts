import { defineRule } from '../src/analyse/rule.js';
import { NETWORK_SINKS } from '../src/analyse/helpers/sinks.js';
import { describeDest } from './lib/severity.js';
import { lookalikeOf } from './lib/hosts.js';

/**
 * Which argument of a hooked API carries the request's payload: XMLHttpRequest.prototype.send(body),
 * fetch(input, init), navigator.sendBeacon(url, data), a Proxy's apply(target, this, args).
 */
const PAYLOAD_PARAM: Record<string, number> = { send: 0, fetch: 1, sendBeacon: 1 };
const PAYMENT_WORDS = /card|cc.?num|cvv|cvc|payment|checkout|billing|order|pan\b|onestep|onepage/i;
const ENCODERS = /\b(btoa|escape|encodeURIComponent|encrypt|toString\(16\)|charCodeAt|fromCharCode)\b/;

export default defineRule({
  meta: {
    id: 'request-hook-exfil',
    severity: 'high',
    description: 'The script replaces XMLHttpRequest.prototype.send, window.fetch or navigator.sendBeacon with a function that copies the payload of the page\'s own requests into another request. On single-page checkouts the card travels in the page\'s API call, so a skimmer steals it there without touching a field. Critical when the hook picks payment requests (a test for card/payment/checkout words) or encodes the copy, or sends it to a hidden or lookalike host.',
    review: 'Monitoring SDKs wrap fetch/XHR to time requests and record URLs, and send that through their own batched transport; copying the request body itself into a second request inside the wrapper is the skimmer\'s move. Check where the copy goes.',
    messages: { hook: 'Replaces {{api}} and copies the payload of the page\'s requests to {{dest}} ({{sink}})' },
  },
  create(ctx) {
    const hooks: Array<{ api: string; fn: any; payload: string[] }> = [];
    const noteHook = (api: string, fn: any) => {
      if (!fn) return;
      if (fn.type === 'NewExpression' && fn.callee.type === 'Identifier' && fn.callee.name === 'Proxy') {
        // new Proxy(fetch, { apply(target, thisArg, args) { … } })
        const handler = fn.arguments[1];
        const apply = handler?.type === 'ObjectExpression' ? handler.properties.find((p: any) => propName(p.key) === 'apply') : null;
        const f = apply?.value;
        if (f && /Function/.test(f.type) && f.params[2]?.type === 'Identifier') hooks.push({ api, fn: f, payload: [f.params[2].name] });
        return;
      }
      if (!/FunctionExpression|ArrowFunctionExpression/.test(fn.type)) return;
      const p = fn.params[PAYLOAD_PARAM[api] ?? 0];
      hooks.push({ api, fn, payload: p?.type === 'Identifier' ? [p.name] : [] });
    };
    // `w.fetch = …` with `w` an IIFE's window, `P.send = …` with `P = XMLHttpRequest.prototype`:
    // resolved at the end, when the model can follow the names
    const aliased: Array<{ node: any; scope: any }> = [];
    return {
      AssignmentExpression(node: any) {
        const api = hookedApi(node.left);
        if (api) noteHook(api, node.right);
        else if (node.left.type === 'MemberExpression' && node.left.object.type === 'Identifier' && HOOKABLE.has(memberProp(node.left) ?? '')) aliased.push({ node, scope: ctx.facts.scope });
      },
      'Program:exit'() {
        if (!hooks.length && !aliased.length) return;
        const m = ctx.model();
        for (const a of aliased) {
          const obj = m.objName(a.node.left.object, a.scope);
          const prop = memberProp(a.node.left);
          const api = prop === 'fetch' && obj !== null && /^(window|self|globalThis|top)$/.test(obj) ? 'fetch'
            : prop === 'send' && obj !== null && /(^|\.)XMLHttpRequest\.prototype$/.test(obj) ? 'send'
            : prop === 'sendBeacon' && obj === 'navigator' ? 'sendBeacon' : null;
          if (api) noteHook(api, a.node.right);
        }
        if (!hooks.length) return;
        const sinks = m.sinks();
        // the function a plain call `walk(parsed, got)` runs, for out-parameters it fills
        const callees = new Map<any, any>();
        for (const call of ctx.facts.calls) {
          if (call.plain !== null || call.node.callee.type !== 'Identifier') continue;
          const fn = call.scope.lookup(call.node.callee.name)?.fn;
          if (fn) callees.set(call.node, fn);
        }
        const calleeOf = (call: any) => callees.get(call) ?? null;
        for (const h of hooks) {
          const tainted = taint(h.fn, h.payload, calleeOf);
          const text = ctx.script.source.slice(h.fn.start, h.fn.end);
          // the copy may leave from a helper the hook hands the payload to: `tg(q.get('cc'))`
          const scopes: Array<{ fn: any; tainted: Set<string> }> = [{ fn: h.fn, tainted }];
          for (let ci = 0, calls = ctx.facts.calls; ci < calls.length; ci++) {
            const call = calls[ci]!;
            if (call.plain !== null) continue;
            const n = call.node;
            if (n.start < h.fn.start || n.end > h.fn.end || n.callee.type !== 'Identifier') continue;
            const fn = call.scope.lookup(n.callee.name)?.fn as any;
            if (!fn || !fn.params || (fn.start >= h.fn.start && fn.end <= h.fn.end)) continue;
            const params = n.arguments.map((a: any, i: number) => (mentions(a, tainted) && fn.params[i]?.type === 'Identifier' ? fn.params[i].name : null)).filter(Boolean);
            if (params.length) scopes.push({ fn, tainted: taint(fn, params, calleeOf) });
            if (scopes.length > 8) break;
          }
          for (const s of sinks) {
            const within = scopes.find((x) => s.node.start >= x.fn.start && s.node.end <= x.fn.end);
            if (!within) continue;
            if (!NETWORK_SINKS.has(s.kind) && s.kind !== 'storage') continue;
            if (!carries(s.node, within.tainted)) continue;
            // the helper the copy leaves from may be where the filter or the encoding is
            const helperText = within.fn === h.fn ? '' : ctx.script.source.slice(within.fn.start, within.fn.end);
            const picky = PAYMENT_WORDS.test(text) || PAYMENT_WORDS.test(helperText);
            // a run-time destination is usually the request itself (a fetch polyfill over XHR), not a copy
            if (s.dest.kind === 'computed' && !picky) continue;
            const lookalike = s.dest.host ? lookalikeOf(s.dest.host) !== null : false;
            const encoded = ENCODERS.test(ctx.script.source.slice(s.node.start, s.node.end)) || ENCODERS.test(text) || ENCODERS.test(helperText);
            const severity = picky || encoded || lookalike || s.dest.kind === 'hidden' ? 'critical' : s.dest.kind === 'relative' ? 'medium' : 'high';
            ctx.report({
              loc: s.loc, messageId: 'hook', severity,
              data: { api: h.api === 'send' ? 'XMLHttpRequest.prototype.send' : h.api, dest: describeDest(s.dest), sink: s.api },
              evidence: { hooked: h.api, sink: s.api, destinations: [s.dest], paymentFilter: picky, encoded, lookalike },
            });
            break;
          }
        }
      },
    };
  },
});

const HOOKABLE = new Set(['send', 'fetch', 'sendBeacon']);
/** Methods that store their arguments in the receiver (URLSearchParams, FormData, arrays, Maps, Sets). */
const CONTAINER_WRITES = new Set(['set', 'append', 'push', 'unshift', 'add']);
/** Methods that hand a collection's entries to a callback (FormData, URLSearchParams, Map, arrays). */
const ITERATIONS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find']);

function memberProp(left: any): string | null {
  return left.computed ? (left.property.type === 'Literal' ? String(left.property.value) : null) : left.property.name;
}

function propName(k: any): string | null {
  if (!k) return null;
  if (k.type === 'Identifier') return k.name;
  if (k.type === 'Literal' && typeof k.value === 'string') return k.value;
  return null;
}

/** `XMLHttpRequest.prototype.send`, `window.fetch`, `fetch`, `navigator.sendBeacon` (also with computed string keys). */
function hookedApi(left: any): string | null {
  if (left.type === 'Identifier') return left.name === 'fetch' ? 'fetch' : null;
  if (left.type !== 'MemberExpression') return null;
  const prop = left.computed ? (left.property.type === 'Literal' ? String(left.property.value) : null) : left.property.name;
  if (prop !== 'send' && prop !== 'fetch' && prop !== 'sendBeacon') return null;
  const obj = left.object;
  const objProp = obj.type === 'MemberExpression' ? propName(obj.computed ? obj.property : obj.property) : null;
  const objName = obj.type === 'Identifier' ? obj.name : null;
  if (prop === 'send') {
    // XMLHttpRequest.prototype.send, or a saved prototype: var P = XMLHttpRequest.prototype; P.send = …
    if (objProp === 'prototype' && obj.object.type === 'Identifier' && /XMLHttpRequest/.test(obj.object.name)) return 'send';
    if (objProp === 'prototype' && obj.object.type === 'MemberExpression' && propName(obj.object.property) === 'XMLHttpRequest') return 'send';
    return null;
  }
  if (prop === 'sendBeacon') return objName === 'navigator' || objProp === 'navigator' ? 'sendBeacon' : null;
  return objName && /^(window|self|globalThis|top|this)$/.test(objName) ? 'fetch' : obj.type === 'ThisExpression' ? 'fetch' : null;
}

/** Names that hold the payload inside the hook: the payload parameter and what is computed from it. */
function taint(fn: any, payload: string[], calleeOf: (call: any) => any): Set<string> {
  const names = new Set(payload);
  const usesArguments = (n: any) => mentionsArguments(n);
  const decls: Array<{ name: string; init: any }> = [];
  collect(fn.body, decls, 0, calleeOf);
  for (let round = 0; round < 3; round++) {
    let grew = false;
    for (const d of decls) {
      if (names.has(d.name) || !d.init) continue;
      if (mentions(d.init, names) || usesArguments(d.init)) { names.add(d.name); grew = true; }
    }
    if (!grew) break;
  }
  names.add('\0arguments');
  return names;
}

function collect(node: any, out: Array<{ name: string; init: any }>, depth: number, calleeOf: (call: any) => any): void {
  if (!node || typeof node !== 'object' || depth > 60) return;
  if (Array.isArray(node)) { for (const n of node) collect(n, out, depth + 1, calleeOf); return; }
  if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') out.push({ name: node.id.name, init: node.init });
  if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') out.push({ name: node.left.name, init: node.right });
  // `got[k] = v`: an object written with the payload holds it
  if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && node.left.object.type === 'Identifier') out.push({ name: node.left.object.name, init: node.right });
  // `walk(JSON.parse(body), got)`: a helper that copies keys into an out-parameter (`out[k] = …`) fills it with the payload
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
    const fn = calleeOf(node);
    const args = node.arguments;
    for (let i = 0; fn && i < args.length; i++) {
      const p = fn.params?.[i];
      if (args[i].type === 'Identifier' && p?.type === 'Identifier' && copiesInto(fn.body, p.name, 0)) out.push({ name: args[i].name, init: args.filter((_a: any, j: number) => j !== i) });
    }
  }
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
    const method = propName(node.callee.property);
    const recv = node.callee.object;
    const cb = node.arguments[0];
    // `Promise.resolve(hit).then(function (h) {…})`, `p.then(h => …)`: the callback gets what the promise
    // was resolved with. Not a request's promise (`orig(u, init).then(r => …)`): that resolves to the response.
    if (method === 'then' && cb && /Function/.test(cb.type) && cb.params[0]?.type === 'Identifier') {
      const resolved = recv.type === 'CallExpression' && recv.callee.type === 'MemberExpression' && propName(recv.callee.property) === 'resolve' ? recv.arguments
        : recv.type === 'Identifier' ? recv : null;
      if (resolved) out.push({ name: cb.params[0].name, init: resolved });
    }
    // `q.set('d', data)`, `parts.push(data)`: a container that takes the payload holds it
    if (method !== null && CONTAINER_WRITES.has(method) && recv.type === 'Identifier') out.push({ name: recv.name, init: node.arguments });
    // `body.forEach(function (v, k) { … })`: the callback's parameters are the payload's entries
    if (method !== null && ITERATIONS.has(method) && cb && /Function/.test(cb.type)) {
      for (const p of cb.params) if (p.type === 'Identifier') out.push({ name: p.name, init: recv });
    }
  }
  for (const k in node) {
    if (k === 'loc' || k === 'type' || k === 'start' || k === 'end') continue;
    const v = node[k];
    if (v && typeof v === 'object') collect(v, out, depth + 1, calleeOf);
  }
}

/** Whether a function body writes computed keys into the object named `param` (`out[k] = v`). */
function copiesInto(node: any, param: string, depth: number): boolean {
  if (!node || typeof node !== 'object' || depth > 40) return false;
  if (Array.isArray(node)) return node.some((n) => copiesInto(n, param, depth + 1));
  if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && node.left.computed
    && node.left.object.type === 'Identifier' && node.left.object.name === param) return true;
  for (const k in node) {
    if (k === 'loc' || k === 'type' || k === 'start' || k === 'end') continue;
    const v = node[k];
    if (v && typeof v === 'object' && copiesInto(v, param, depth + 1)) return true;
  }
  return false;
}

function mentions(node: any, names: Set<string>, depth = 0): boolean {
  if (!node || typeof node !== 'object' || depth > 40) return false;
  if (Array.isArray(node)) return node.some((n) => mentions(n, names, depth + 1));
  if (node.type === 'Identifier') return names.has(node.name);
  for (const k in node) {
    if (k === 'loc' || k === 'type' || k === 'start' || k === 'end') continue;
    if (k === 'property' && !node.computed) continue;
    const v = node[k];
    if (v && typeof v === 'object' && mentions(v, names, depth + 1)) return true;
  }
  return false;
}

/** `arguments` used other than being handed to the original (`orig.apply(this, arguments)`). */
function mentionsArguments(node: any, depth = 0): boolean {
  if (!node || typeof node !== 'object' || depth > 40) return false;
  if (Array.isArray(node)) return node.some((n) => mentionsArguments(n, depth + 1));
  if (node.type === 'Identifier') return node.name === 'arguments';
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && /^(apply|call)$/.test(propName(node.callee.property) ?? '')) return false;
  for (const k in node) {
    if (k === 'loc' || k === 'type' || k === 'start' || k === 'end') continue;
    const v = node[k];
    if (v && typeof v === 'object' && mentionsArguments(v, depth + 1)) return true;
  }
  return false;
}

/** Whether the sink's data mentions the payload (the call's arguments, or the assigned value). */
function carries(sink: any, tainted: Set<string>): boolean {
  const data = sink.type === 'AssignmentExpression' ? sink.right : sink.type === 'CallExpression' || sink.type === 'NewExpression' ? sink.arguments : sink;
  return mentions(data, tainted) || mentionsArguments(data);
}
