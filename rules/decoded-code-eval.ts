import { defineRule, type RuleContext } from '../src/analyse/rule.js';
import { emptyListeners, traverse } from '../src/analyse/engine/traverse.js';
import type { ScriptKind } from '../src/artifacts/types.js';
import { markupCode, withOwnValues } from '../src/analyse/helpers/markup.js';
import { JQUERY_NAMES } from '../src/analyse/helpers/sources.js';

// `join`/`replace` alone are how code generators assemble their own strings; only decoding counts
const DECODE_CALLS = /^(atob|decodeURIComponent|decodeURI|unescape|fromCharCode|fromCodePoint|reverse|decode|decrypt)$/;

/** Calls that run a string as code (through a receiver: `window.eval`, `document.write`). */
// 'constructor': `''.constructor.constructor(code)` is Function called by another name
const CODE_APIS = new Set(['call', 'apply', 'eval', 'execScript', 'Function', 'constructor', 'setTimeout', 'setInterval', ...'write writeln insertAdjacentHTML createContextualFragment html append prepend after before replaceWith'.split(' ')]);
/** Calls that put markup into the page (its scripts and inline event handlers run): the argument holding it. */
const MARKUP_ARG: ReadonlyMap<string, number> = new Map([
  ['write', 0], ['writeln', 0], ['insertAdjacentHTML', 1], ['createContextualFragment', 0], ['html', 0], ['append', 0], ['prepend', 0], ['after', 0], ['before', 0], ['replaceWith', 0],
]);

export default defineRule({
  meta: {
    id: 'decoded-code-eval',
    severity: 'medium',
    description: 'Code is run from a string (eval, new Function, string timers, script text, document.write of a script) that is decoded or built at run time. Resolvable strings are analysed as child scripts.',
    review: 'Look at the child findings (they carry childSha256). Loaders that decode code and only run on checkout pages are high.',
    messages: {
      decoded: '{{api}} runs code decoded at run time{{child}}',
      dynamic: '{{api}} runs code built at run time',
      plain: '{{api}} runs a constant string{{child}}',
    },
  },
  create(ctx) {
    // `import('data:text/javascript;base64,…')`: a module whose code is the URL
    const imports: Array<{ node: any; scope: any }> = [];
    const gtmHtml: Array<{ node: any; scope: any }> = [];
    return {
      ImportExpression(node: any) {
        imports.push({ node, scope: ctx.facts.scope });
      },
      Literal(node: any, parent: any) {
        // a Google Tag Manager container's custom HTML tag: the runtime writes this markup into the page
        if (parent !== null && parent.type === 'Property' && parent.value === node && typeof node.value === 'string' && node.value.length > 16
          && (parent.key.name === 'vtp_html' || parent.key.value === 'vtp_html')) gtmHtml.push({ node, scope: ctx.facts.scope });
      },
      'Program:exit'() {
        const m = ctx.model();
        const trigger = m.checkoutTriggers().length > 0;
        const hits: Array<{ api: string; node: any; scope: any; arg: any; kind: ScriptKind }> = [];
        // markup written into the page: its `<script>` bodies, inline event handlers and `javascript:` URLs
        const markupHits = (api: string, node: any, scope: any, arg: any) => {
          const p = m.ev.prefix(arg, scope);
          if (!p.value.includes('<')) return;
          let handlers = false;
          for (const c of markupCode(p.value)) {
            if (!c.code.trim()) continue;
            handlers ||= c.kind === 'event-handler';
            const what = c.kind === 'event-handler' ? 'event handler' : c.kind === 'javascript-url' ? 'javascript: URL' : '<script>';
            hits.push({ api: `${api}(${what})`, node, scope, arg: { __code: c.code, hidden: p.hidden, complete: p.complete }, kind: c.kind === 'inline' || c.kind === 'module' ? 'dynamic-inline' : c.kind });
          }
          // markup whose inline handler runs code kept as character codes in an attribute of the same
          // markup (an SVG path's `d`, a `data-*` value): the handler decodes it (analysed as children)
          if (handlers) {
            for (const code of charCodeBlobs(p.value)) {
              hits.push({ api: `${api}(character codes in an attribute)`, node, scope, arg: { __code: code, hidden: true, complete: true }, kind: 'eval' });
            }
          }
        };
        for (const { node, scope } of imports) {
          const url = m.resolve(node.source, scope);
          const code = url ? dataUrlCode(url.value) : null;
          if (code !== null) hits.push({ api: 'import(data: URL)', node, scope, arg: { __code: code.text, hidden: url!.hidden || code.base64, complete: true }, kind: 'module' });
        }
        for (let ci = 0, calls = ctx.facts.calls; ci < calls.length; ci++) {
          const call = calls[ci]!;
          const plain = m.memberName(call);
          if (plain === 'setAttribute') {
            // `img.setAttribute('onerror', code)`: the browser runs the attribute as the element's handler
            const h = handlerAttribute(call, m);
            if (h !== null) hits.push({ api: `setAttribute('${h.attr}')`, node: call.node, scope: call.scope, arg: { __code: h.code, hidden: h.hidden, complete: true }, kind: 'event-handler' });
            continue;
          }
          if (plain !== null && !CODE_APIS.has(plain)) continue;
          let { name, obj, objName } = m.callee(call);
          if (!name) continue;
          let args = call.node.arguments;
          // written `x.call(…)` at the call itself (`Function.call.bind(push)` aliases call another
          // function): `w[r].call(w, code)`, `eval.apply(null, [code])`, `Reflect.apply(eval, w, [code])`,
          // `Function.prototype.call.call(eval, w, code)` are judged as the direct call
          const forwarding = plain === 'call' || plain === 'apply';
          if (forwarding && (name === 'call' || name === 'apply') && obj) {
            const fwd = m.forwardedCall(call, name, obj, (t) => t.obj === null && CODE_APIS.has(t.name!));
            if (fwd === null) continue;
            ({ name, obj, objName, args } = fwd);
            if (!name) continue;
          }
          if (!obj && (name === 'eval' || name === 'execScript') && args.length) hits.push({ api: name, node: call.node, scope: call.scope, arg: args[0], kind: 'eval' });
          else if (!obj && name === 'Function' && args.length) hits.push({ api: 'Function', node: call.node, scope: call.scope, arg: args[args.length - 1], kind: 'function' });
          else if (!obj && (name === 'setTimeout' || name === 'setInterval') && args.length && !/Function|Arrow/.test(args[0].type) && args[0].type !== 'Identifier' && args[0].type !== 'MemberExpression') {
            hits.push({ api: name, node: call.node, scope: call.scope, arg: args[0], kind: 'timer-string' });
          } else if (!obj && (name === 'setTimeout' || name === 'setInterval') && args.length && args[0].type === 'Identifier') {
            const b = call.scope.lookup(args[0].name);
            if (b && !b.fn && b.defs.length === 1 && !/Function|Arrow/.test(b.defs[0]!.node.type) && b.kind !== 'param') hits.push({ api: name, node: call.node, scope: call.scope, arg: args[0], kind: 'timer-string' });
          } else if (obj && MARKUP_ARG.has(name) && args.length > MARKUP_ARG.get(name)!) {
            if ((name === 'write' || name === 'writeln') && objName !== 'document') continue;
            markupHits(`${objName === 'document' ? 'document.' : ''}${name}`, call.node, call.scope, args[MARKUP_ARG.get(name)!]);
          } else if (!obj && JQUERY_NAMES.has(name) && args.length) {
            // `$('<img src=x onerror="…">')`: jQuery builds the elements, and an image runs its handler on its own
            markupHits(name, call.node, call.scope, args[0]);
          }
        }
        for (const g of gtmHtml) markupHits('GTM custom HTML tag', g.node, g.scope, g.node);
        for (const a of ctx.facts.assigns) {
          if (a.prop === 'innerHTML' || a.prop === 'outerHTML') markupHits(a.prop, a.node, a.scope, a.node.right);
          if (a.prop !== 'text' && a.prop !== 'textContent' && a.prop !== 'innerHTML' && a.prop !== 'innerText') continue;
          if (!m.hasKind(a.node.left.object, a.scope, 'script')) continue;
          hits.push({ api: `script.${a.prop}`, node: a.node, scope: a.scope, arg: a.node.right, kind: 'dynamic-inline' });
        }
        for (const h of hits) {
          const at = m.loc(h.node);
          let code: string | null = null;
          let hidden = false;
          if (h.arg.__code !== undefined) {
            code = h.arg.__code;
            hidden = h.arg.hidden;
          } else {
            const r = m.resolve(h.arg, h.scope) ?? oneOfDefs(h.arg, h.scope, m) ?? fromCallers(h.arg, h.scope, m, 0) ?? withCallerArguments(h.arg, h.scope, m);
            if (r) {
              code = r.value;
              hidden = r.hidden;
            }
          }
          if (code !== null) {
            const child = ctx.analyseChild(code, h.kind, at, hidden);
            const childNote = child ? ` (analysed as child ${child.sha256.slice(0, 12)}…, ${child.findings.length} findings)` : '';
            // code assembled by the script's own helpers (a bind shim joining parameter names) whose analysis
            // finds nothing of note is inventory; code from a decoder (atob, char codes) stays medium
            const quiet = hidden && child !== null && !child.findings.some((f) => f.severity !== 'info' && f.severity !== 'low')
              && h.arg.__code === undefined && !containsDecode(h.arg, m, h.scope);
            ctx.report({
              loc: at, messageId: hidden ? 'decoded' : 'plain', severity: hidden ? (quiet ? (trigger ? 'medium' : 'low') : trigger ? 'high' : 'medium') : 'info',
              data: { api: h.api, child: childNote },
              evidence: { api: h.api, childSha256: child?.sha256 ?? null, decoded: hidden, checkoutTrigger: trigger, preview: code.slice(0, 120) },
            });
          } else {
            const decoded = containsDecode(h.arg, m, h.scope);
            // the decoder's input comes from the page (a CSS variable, a data attribute the script wrote): the
            // script's own base64 blobs that decode to code are what it runs (analysed as children)
            if (decoded && m.source !== null) {
              for (const blob of codeBlobs(m.source)) ctx.analyseChild(blob, h.kind, at, true);
            }
            // code hidden in data the script downloads (a comment of a 404 page, an image's pixels, a socket
            // message) is a loader's way around script allow-lists: no library runs such code
            const downloaded = decoded ? downloadedFrom(h.arg, m, h.scope) : null;
            ctx.report({
              loc: at, messageId: decoded ? 'decoded' : 'dynamic', severity: decoded ? (trigger || downloaded ? 'high' : 'medium') : trigger ? 'medium' : 'low',
              data: { api: h.api, child: downloaded ? ` from ${downloaded}` : '' }, evidence: { api: h.api, decoded, resolved: false, checkoutTrigger: trigger, ...(downloaded ? { downloaded } : {}) },
            });
          }
        }
      },
    };
  },
});

/**
 * Whether code built at run time is decoded (atob, fromCharCode, unescape, split-reverse-join, an
 * XOR/base64 decoder function, an obfuscated string-array lookup) rather than assembled from the
 * script's own readable strings (template compilers and parser generators join and replace those).
 */
function containsDecode(node: any, m: any, scope: any, depth = 0): boolean {
  if (!node || depth > 5) return false;
  switch (node.type) {
    case 'CallExpression':
    case 'NewExpression': {
      const c = node.callee;
      const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? m.propName(c, scope) : null;
      if (name && DECODE_CALLS.test(name)) return true;
      if (c.type === 'Identifier') {
        // a call of the script's own decoder: XOR over char codes, a base64 alphabet, fromCharCode
        const b = scope.lookup(c.name);
        const rec = b?.fn ? m.facts.fnByNode.get(b.fn) : undefined;
        if (rec && (rec.b64Alphabet || (rec.xor && rec.charCode) || rec.fromCharCode)) return true;
      }
      if (c.type === 'MemberExpression' && containsDecode(c.object, m, scope, depth + 1)) return true;
      return node.arguments.some((a: any) => containsDecode(a, m, scope, depth + 1));
    }
    case 'Identifier': {
      const b = scope.lookup(node.name);
      if (!b) return false;
      if (b.defs.length === 1 && containsDecode(b.defs[0].node, m, b.defs[0].scope, depth + 1)) return true;
      // a string built in steps: `var s = ''; for (…) s += String.fromCharCode(p[k])`
      return b.writes > b.defs.length && appendedParts(b, m).some((p) => containsDecode(p, m, b.scope, depth + 1));
    }
    case 'MemberExpression':
      // string-array lookups that only resolve through decoding: `_0x12ab[3]`
      if (node.computed && m.resolve(node, scope)?.hidden) return true;
      return false;
    case 'BinaryExpression':
      return containsDecode(node.left, m, scope, depth + 1) || containsDecode(node.right, m, scope, depth + 1);
    case 'TemplateLiteral':
      return node.expressions.some((e: any) => containsDecode(e, m, scope, depth + 1));
    case 'ConditionalExpression':
    case 'LogicalExpression':
      return containsDecode(node.consequent ?? node.left, m, scope, depth + 1) || containsDecode(node.alternate ?? node.right, m, scope, depth + 1);
  }
  return false;
}

// Promise steps between a request and the body it gives: `fetch(u).then(r => r.text()).then(t => …)`
const BODY_STEPS = new Set(['then', 'catch', 'finally', 'text', 'json', 'arrayBuffer', 'blob']);

/** Whether a promise chain starts from a fetch() call (`fetch(u).then(…).then(…)`). */
function fetchedChain(e: any, m: any, scope: any): boolean {
  for (let i = 0; i < 8 && e && e.type === 'CallExpression'; i++) {
    const c = e.callee;
    const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? m.propName(c, scope) : null;
    if (name === 'fetch') return true;
    if (c.type !== 'MemberExpression' || name === null || !BODY_STEPS.has(name)) return false;
    e = c.object;
  }
  return false;
}

/**
 * Where the data a run-time code string is decoded from was downloaded: a fetch response body (a
 * `then` callback's parameter down a chain from `fetch`), an XHR's `responseText`, an image's pixels
 * (`getImageData(…).data`), a socket's or a frame's message (`e.data` in an `onmessage` handler); else null.
 */
function downloadedFrom(node: any, m: any, scope: any, depth = 0): string | null {
  if (!node || depth > 8) return null;
  const again = (n: any, sc: any = scope) => downloadedFrom(n, m, sc, depth + 1);
  switch (node.type) {
    case 'CallExpression': {
      const c = node.callee;
      const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? m.propName(c, scope) : null;
      if (name === 'getImageData') return "an image's pixels";
      if (c.type === 'MemberExpression') {
        const r = again(c.object);
        if (r) return r;
      }
      for (const a of node.arguments) {
        const r = again(a);
        if (r) return r;
      }
      return null;
    }
    case 'MemberExpression': {
      const prop = node.computed ? null : node.property.name;
      if (prop === 'responseText' || prop === 'response') return 'an XHR response';
      return again(node.object) ?? (node.computed ? again(node.property) : null);
    }
    case 'Identifier': {
      const b = scope.lookup(node.name);
      if (!b) return null;
      if (b.kind === 'param') {
        const fn = b.scope.fn;
        const cb = fn ? m.facts.callbackOf.get(fn) : undefined;
        if (cb !== undefined && cb.node.callee.type === 'MemberExpression') {
          const method = m.propName(cb.node.callee, cb.scope);
          if (method === 'then' && fetchedChain(cb.node.callee.object, m, cb.scope)) return 'a fetch response';
          if (method === 'addEventListener' && cb.node.arguments[1] === fn && m.resolve(cb.node.arguments[0], cb.scope)?.value === 'message') return 'a message';
        }
        for (const a of m.facts.assigns) if (a.prop === 'onmessage' && a.node.right === fn) return 'a message';
        return null;
      }
      for (const d of b.defs.slice(0, 4)) {
        const r = again(d.node, d.scope);
        if (r) return r;
      }
      if (b.writes > b.defs.length) {
        for (const p of appendedParts(b, m)) {
          const r = again(p, b.scope);
          if (r) return r;
        }
      }
      return null;
    }
    case 'BinaryExpression':
    case 'LogicalExpression':
      return again(node.left) ?? again(node.right);
    case 'TemplateLiteral':
      for (const e of node.expressions) {
        const r = again(e);
        if (r) return r;
      }
      return null;
    case 'ConditionalExpression':
      return again(node.consequent) ?? again(node.alternate);
    case 'SequenceExpression':
      return again(node.expressions[node.expressions.length - 1]);
    case 'AwaitExpression':
      return node.argument.type === 'CallExpression' && fetchedChain(node.argument, m, scope) ? 'a fetch response' : again(node.argument);
  }
  return null;
}

/** Long base64 runs in the script's text that decode to JavaScript (at most 3). */
function codeBlobs(source: string): string[] {
  const out: string[] = [];
  const re = /[A-Za-z0-9+/]{120,}={0,2}/g;
  for (let m = re.exec(source); m !== null && out.length < 3; m = re.exec(source)) {
    if (m[0].length % 4 === 1) continue;
    const text = Buffer.from(m[0], 'base64').toString('utf8');
    // mostly printable and shaped like code
    if (/[\x00-\x08\x0e-\x1f]/.test(text.slice(0, 400)) || !/\b(function|var|let|const|document|window)\b|=>/.test(text)) continue;
    out.push(text);
  }
  return out;
}

/** Attribute values of markup made of 40 or more numbers that, read as character codes, are JavaScript (at most 3). */
function charCodeBlobs(markup: string): string[] {
  const out: string[] = [];
  const attr = /=\s*(["'])([^"']{120,})\1/g;
  for (let a = attr.exec(markup); a !== null && out.length < 3; a = attr.exec(markup)) {
    const nums = a[2]!.match(/\d+/g);
    if (nums === null || nums.length < 40) continue;
    let text = '';
    for (const n of nums) {
      const c = Number(n);
      if (c < 9 || c > 126 || (c < 32 && c !== 9 && c !== 10 && c !== 13)) {
        text = '';
        break;
      }
      text += String.fromCharCode(c);
    }
    if (text !== '' && /\b(function|var|let|const|document|window)\b|=>/.test(text)) out.push(text);
  }
  return out;
}

/** What `name += …` appends to a binding, in the function that declares it (at most 8 parts). */
function appendedParts(b: any, m: any): any[] {
  const root = b.scope.fn ? b.scope.fn.body : m.facts.program;
  const out: any[] = [];
  if (!root) return out;
  traverse(root, (n: any) => {
    if (out.length < 8 && n.type === 'AssignmentExpression' && n.operator === '+=' && n.left.type === 'Identifier' && n.left.name === b.name) out.push(n.right);
  }, emptyListeners());
  return out;
}

/** The code a `data:` URL carries (base64 or percent-encoded), or null for any other URL. */
function dataUrlCode(url: string): { text: string; base64: boolean } | null {
  const m = /^data:([^,]*),([\s\S]*)$/i.exec(url);
  if (!m || !/javascript|ecmascript/i.test(m[1]!)) return null;
  const base64 = /;base64$/i.test(m[1]!);
  try {
    return { text: base64 ? Buffer.from(m[2]!, 'base64').toString('utf8') : decodeURIComponent(m[2]!), base64 };
  } catch {
    return null;
  }
}

/**
 * A name given its code in a few places (`try { code = localStorage.getItem(k); } catch (e) { code = body; }`):
 * the first definition that resolves is code the script may run.
 */
function oneOfDefs(arg: any, scope: any, m: ReturnType<RuleContext['model']>): { value: string; hidden: boolean } | null {
  if (arg.type !== 'Identifier') return null;
  const b = scope.lookup(arg.name);
  if (!b || b.defs.length < 2 || b.defs.length > 4) return null;
  // an accumulator (`source = 'var p;' + source`) holds none of its definitions alone
  if (b.defs.some((d: any) => names(d.node, arg.name, 0))) return null;
  for (const d of b.defs) {
    const r = m.resolve(d.node, d.scope);
    if (r && r.value.length > 0) return r;
  }
  return null;
}

function names(node: any, name: string, depth: number): boolean {
  if (!node || typeof node !== 'object' || depth > 30) return false;
  if (node.type === 'Identifier') return node.name === name;
  for (const k in node) {
    if (k === 'loc' || k === 'type' || k === 'start' || k === 'end') continue;
    const v = node[k];
    if (Array.isArray(v) ? v.some((x) => names(x, name, depth + 1)) : v && typeof v === 'object' && names(v, name, depth + 1)) return true;
  }
  return false;
}

/**
 * `el.setAttribute('onerror', code)` with both strings resolved: the handler's code, its reads of the
 * element's own properties replaced by what the script set them to (`el.alt = payload`).
 */
function handlerAttribute(call: any, m: ReturnType<RuleContext['model']>): { attr: string; code: string; hidden: boolean } | null {
  const [nameArg, codeArg] = call.node.arguments;
  if (!codeArg) return null;
  const attr = m.resolve(nameArg, call.scope)?.value.toLowerCase();
  if (attr === undefined || !/^on[a-z]{3,32}$/.test(attr)) return null;
  const code = m.resolve(codeArg, call.scope);
  if (!code || !code.value.trim()) return null;
  const recv = call.node.callee.object;
  const props = new Map<string, string>();
  const b = recv.type === 'Identifier' ? call.scope.lookup(recv.name) : null;
  if (b?.props) {
    for (const [prop, w] of b.props) {
      if (w.writes !== 1 || w.defs.length !== 1) continue;
      const v = m.resolve(w.defs[0]!.node, w.defs[0]!.scope);
      if (v) props.set(prop, v.value);
    }
  }
  return { attr, code: withOwnValues(code.value, new Map(), props), hidden: code.hidden };
}

/** The arguments the callers of a function pass for its parameter `id` (the first ten calls). */
function callerArguments(id: any, scope: any, m: ReturnType<RuleContext['model']>): Array<{ node: any; scope: any }> {
  if (id.type !== 'Identifier') return [];
  const b = scope.lookup(id.name);
  const fn = b?.kind === 'param' ? b.scope.fn : null;
  const index = fn ? fn.params.findIndex((p: any) => p.type === 'Identifier' && p.name === id.name) : -1;
  if (index < 0) return [];
  const out: Array<{ node: any; scope: any }> = [];
  for (const call of m.callersOf(fn).slice(0, 10)) {
    const a = call.node.arguments[index];
    if (a && a.type !== 'SpreadElement') out.push({ node: a, scope: call.scope });
  }
  return out;
}

/**
 * A parameter of the script's own helper (`function inject(code) { s.textContent = code; }`): the code a
 * caller hands it, also through one more helper (`runStage(unhex(CACHE))` calling `inject(code)`).
 */
function fromCallers(arg: any, scope: any, m: ReturnType<RuleContext['model']>, depth: number): { value: string; hidden: boolean } | null {
  if (depth > 1) return null;
  for (const a of callerArguments(arg, scope, m)) {
    const r = m.resolve(a.node, a.scope) ?? fromCallers(a.node, a.scope, m, depth + 1);
    if (r && r.value.length > 0) return r;
  }
  return null;
}

/**
 * Code computed inside a helper from its parameters (`function run(b) { var code = atob(b); eval(code); }`):
 * the code as each caller's arguments make it (also a caller's parameter passed on from its own callers).
 */
function withCallerArguments(arg: any, scope: any, m: ReturnType<RuleContext['model']>): { value: string; hidden: boolean } | null {
  const fn = scope.fn;
  if (!fn || fn.params.length === 0 || fn.params.length > 4) return null;
  // the expression itself, or the one definition of the name it is
  let expr = arg;
  let exprScope = scope;
  if (arg.type === 'Identifier') {
    const b = scope.lookup(arg.name);
    if (b && b.scope === scope && b.kind !== 'param' && b.defs.length === 1) ({ node: expr, scope: exprScope } = b.defs[0]);
  }
  const valueAt = (a: any, s: any, depth: number): unknown => {
    const v = m.ev.evaluate(a, s)?.value;
    if (v !== null && v !== undefined) return v;
    if (depth > 0) return undefined;
    for (const c of callerArguments(a, s, m)) {
      const v2 = valueAt(c.node, c.scope, depth + 1);
      if (v2 !== undefined) return v2;
    }
    return undefined;
  };
  for (const call of m.callersOf(fn).slice(0, 10)) {
    const bindings = new Map<string, any>();
    fn.params.forEach((p: any, i: number) => {
      const a = call.node.arguments[i];
      if (p.type !== 'Identifier' || !a || a.type === 'SpreadElement') return;
      const v = valueAt(a, call.scope, 0);
      if (v !== undefined) bindings.set(p.name, v);
    });
    if (bindings.size === 0) continue;
    const r = m.ev.resolveWith(expr, exprScope, bindings);
    if (r && r.value.length > 0) return r;
  }
  return null;
}
