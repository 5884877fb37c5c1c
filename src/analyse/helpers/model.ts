// What a script does, derived lazily at Program:exit from the facts of the single walk: which calls
// are sources, sinks and encoders, where sinks send, and which payment data reaches which sink.
import type { Destination } from '../types.js';
import { emptyListeners, traverse } from '../engine/traverse.js';
import { DECODED_KEY, Facts, KEYED_ELEMENT, isFunction, plainMethodName, type CallRec, type FnRec, type AssignRec, type MemberRec } from '../engine/facts.js';
import { parseSource } from '../engine/parse.js';
import { VisitorMap, walkProgram } from '../engine/walk.js';
import type { Binding, Scope } from '../engine/scope.js';
import { Closure, Evaluator, Native, type Resolved, type Val } from './resolve-string.js';
import {
  AJAX_METHODS, AJAX_OBJECTS, ANALYTICS_FUNCTIONS, ANALYTICS_METHODS, ANALYTICS_OBJECTS, ANALYTICS_QUEUES, HTTP_METHODS, NETWORK_SINKS,
  destinationFromPrefix, isLoadingMarkup, urlInMarkup, type SinkKind,
} from './sinks.js';
import {
  classifyLookup, classOfRole, HANDLER_PROPS, JQUERY_FUNCS, JQUERY_NAMES, KEY_EVENTS, LISTEN_METHODS, LOOKUP_BY_ID, LOOKUP_BY_NAME, LOOKUP_BY_SELECTOR, LOOKUP_BY_TAG, LOOKUP_BY_CLASS, LOOKUP_BY_XPATH,
  SERIALISERS, type SourceClass, type SourceDesc,
} from './sources.js';
import { LineIndex } from '../engine/lines.js';
import { markupPaymentFields } from './markup.js';
import { CARD_ROLES, CHECKOUT_WORDS, fieldRole, hasFormSegment, isFormSegment, type FieldRole } from './payment-fields.js';
import { callsThrough, filtersCardFields, isLuhn, readsEventTargetValue, readsKeyData, readsOnlyNamedFields, reassigns } from './handlers.js';

export interface Loc {
  line: number;
  column: number;
}

export interface SourceRec extends SourceDesc {
  node: any;
  gid: number;
  loc: Loc;
}

export interface SinkRec {
  kind: SinkKind;
  /** API used: 'fetch', 'XMLHttpRequest.send', 'Image.src', ... */
  api: string;
  node: any;
  scope: Scope;
  gid: number;
  loc: Loc;
  dest: Destination;
  /** Whether the data sent is not a constant. */
  dynamic: boolean;
}

export interface FlowPath {
  source: SourceRec;
  /** Flow-graph steps from the source to the sink (shortest). */
  hops: number;
  /** First encoding step on the way, if any. */
  encoding: { name: string; loc: Loc } | null;
}

export interface SinkFlow {
  sink: SinkRec;
  /** Best path per source class reaching this sink. */
  card?: FlowPath;
  sweep?: FlowPath;
  personal?: FlowPath;
  delegated?: FlowPath;
  /** An encoder's output (any data) reaches this sink. */
  encoded?: { name: string; loc: Loc };
}

type Kind = 'image' | 'script' | 'iframe' | 'form' | 'link' | 'element' | 'xhr' | 'websocket' | 'rtc' | 'datachannel' | 'eventsource' | 'storage' | 'document' | 'window' | 'location' | 'formdata'
  | 'worker' | 'socketio' | 'request';

interface Origin {
  kind: Kind;
  node: any;
  scope: Scope;
}

const NEEDS_RECEIVER = new Set([
  'addEventListener', 'evaluate', 'on', 'bind', 'live', 'delegate', 'attachEvent', 'encode', 'open', 'ajax', 'post', 'get', 'getJSON', 'put', 'patch',
  'request', 'getScript', 'write', 'writeln', 'assign', 'replace', 'setItem', 'getItem', 'fetch', 'sendBeacon', 'eval', 'Function',
  'setTimeout', 'setInterval', 'execScript', 'atob', 'btoa', 'from',
]);
/**
 * Every node below `root` (a small subtree: a function body), depth first; `visit` returns false to
 * skip a node's children, and the scan stops when `done()` says so.
 */
function scanNodes(root: any, visit: (n: any) => boolean, done: () => boolean = () => false): void {
  const walk = (n: any, depth: number): void => {
    if (done() || n === null || typeof n !== 'object' || depth > 40) return;
    if (Array.isArray(n)) {
      for (const x of n) walk(x, depth + 1);
      return;
    }
    if (typeof n.type !== 'string' || !visit(n)) return;
    for (const k in n) if (k !== 'loc' && k !== 'type') walk(n[k], depth + 1);
  };
  walk(root, 0);
}

/** Whether a function body turns char codes into hex digits (`charCodeAt(i).toString(16)`): a hex encoder. */
const hexMemo = new WeakMap<object, boolean>();
function hexDigits(fn: any): boolean {
  const memo = hexMemo.get(fn);
  if (memo !== undefined) return memo;
  let found = false;
  scanNodes(fn.body, (n) => {
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.property.name === 'toString'
      && n.arguments[0]?.type === 'Literal' && n.arguments[0].value === 16) found = true;
    return !found;
  }, () => found);
  hexMemo.set(fn, found);
  return found;
}

/** Methods that store their arguments in the receiver (arrays, URLSearchParams, FormData, Map, Set). */
// `setRequestHeader`: a header goes out with the request the XHR sends
const COLLECTOR_METHODS = new Set(['push', 'unshift', 'append', 'set', 'add', 'splice', 'setRequestHeader']);
const GLOBAL_OBJECTS = new Set(['window', 'self', 'globalThis', 'top', 'parent', 'frames']);
/** Body readers of a Request (a service worker's `event.request.clone().text()`). */
const REQUEST_BODY_READERS: ReadonlySet<string> = new Set(['text', 'formData', 'json', 'arrayBuffer', 'blob']);
/** Every call name #classify acts on (sources, encoders, sinks); JQUERY_FUNCS is an exact list. */
const CLASSIFIED_NAMES: ReadonlySet<string> = new Set([
  ...LOOKUP_BY_ID, ...LOOKUP_BY_NAME, ...LOOKUP_BY_SELECTOR, ...LOOKUP_BY_TAG, ...LOOKUP_BY_CLASS, ...LOOKUP_BY_XPATH, ...JQUERY_NAMES, ...SERIALISERS, 'FormData', ...LISTEN_METHODS,
  'btoa', 'encrypt', 'encode', 'reverse', 'toString',
  'fetch', 'sendBeacon', 'WebSocket', 'MozWebSocket', 'EventSource', 'open', 'send', ...AJAX_METHODS, 'axios', 'ajax', 'getScript',
  'setAttribute', 'write', 'writeln', 'assign', 'replace', 'setItem', 'getItem', 'insertAdjacentHTML', 'emit', 'postMessage', 'from', 'values', 'entries', 'attr', 'prop',
  'insertRule', 'setProperty', 'createTextNode', 'pushState', 'replaceState', 'FontFace', ...REQUEST_BODY_READERS, 'construct',
]);
/** Style properties whose `url(…)` the browser fetches. */
const CSS_FETCH_PROPS: ReadonlySet<string> = new Set(['backgroundImage', 'background', 'cssText', 'listStyleImage', 'borderImage']);
/** Globals an IIFE may hand its body under another name (`(function (W) { new W(url) })(window['Web'+'Socket'])`). */
const ALIASED_GLOBALS: ReadonlySet<string> = new Set([
  'fetch', 'sendBeacon', 'WebSocket', 'MozWebSocket', 'EventSource', 'XMLHttpRequest', 'Image', 'Worker', 'Request', 'RTCPeerConnection', 'FormData',
  'btoa', 'atob', 'eval', 'Function', 'setTimeout', 'setInterval',
]);
const URL_TEST_METHODS = new Set(['indexOf', 'includes', 'match', 'test', 'search', 'startsWith', 'endsWith', 'exec']);

/** `window.addEventListener(…)`, `self.fetch`, or a bare global call: callee() drops such receivers. */
/** `history` or `window.history` (the page's session history). */
function isHistory(obj: any): boolean {
  if (obj.type === 'Identifier') return obj.name === 'history';
  return obj.type === 'MemberExpression' && !obj.computed && obj.property.name === 'history' && obj.object.type === 'Identifier' && GLOBAL_OBJECTS.has(obj.object.name);
}

function isGlobalReceiver(callee: any): boolean {
  if (callee.type === 'Identifier') return true;
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && GLOBAL_OBJECTS.has(callee.object.name);
}

const ROLE_RANK: Record<FieldRole, number> = { 'card-number': 0, cvv: 1, expiry: 2, holder: 3, billing: 4 };
function sourceRank(d: SourceDesc): number {
  return d.role ? ROLE_RANK[d.role as FieldRole] : 5;
}

/** APIs that also send when reached through `.call`/`.apply` (`_fetch.apply(window, [url, init])`). */
/** Lookup method names that Set, Map and Array share with jQuery. */
const SHARED_METHOD_NAMES: ReadonlySet<string> = new Set(['has', 'is', 'filter', 'find']);
const CALL_APPLY_SINKS = new Set(['fetch', 'sendBeacon', 'open', 'send', 'setAttribute', 'postMessage', 'emit']);

/** What a call calls: a name, the object it is read from (null for a plain name) and that object's name. */
export interface Callee {
  name: string | null;
  obj: any | null;
  objName: string | null;
}

/** The arguments `fn.call(self, a, b)` / `fn.apply(self, [a, b])` hands to fn; null when apply's list is not literal. */
function forwardedArgs(method: string, args: any[]): any[] | null {
  if (method === 'call') return args.slice(1);
  const list = args[1];
  if (!list) return [];
  return list.type === 'ArrayExpression' ? list.elements.filter((e: any) => e !== null) : null;
}

/** A value a lookup argument may take; `via` is the helper call site that passed it, when it came from one. */
type Candidate = Resolved & { via?: CallRec };

const DOCUMENT_TARGETS = /^(document|window|document\.body|body|document\.documentElement)$/;

/** Methods that hand on a value's text (`$(f).val()`, `parts.join('|')`) rather than compute something else from it. */
const VALUE_METHODS: ReadonlySet<string> = new Set(['val', 'text', 'join', 'toString', 'valueOf', 'split', 'getAttribute', 'stringify']);
/** String methods that keep only part of a value (a card's BIN or last four digits). */
const TRUNCATIONS: ReadonlySet<string> = new Set(['slice', 'substring', 'substr', 'charAt', 'at']);
/** Global functions that turn a value into text as it is. */
const TEXT_FUNCTIONS: ReadonlySet<string> = new Set(['String', 'encodeURIComponent', 'encodeURI', 'escape', 'btoa', 'unescape', 'decodeURIComponent']);
/** String methods that only transform their receiver (what #substitute may run on a candidate value). */
const STRING_METHODS = new Set(['replace', 'replaceAll', 'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'slice', 'substring', 'substr', 'concat', 'padStart', 'padEnd']);

/** The function an expression is: a function literal, or a name declared or bound once to one; else null. */
function functionValue(v: any, scope: Scope): any {
  if (v.type === 'FunctionExpression' || v.type === 'ArrowFunctionExpression') return v;
  if (v.type !== 'Identifier') return null;
  const b = scope.lookup(v.name);
  if (b?.fn) return b.fn;
  const d = b && b.defs.length === 1 ? b.defs[0]!.node : null;
  return d && (d.type === 'FunctionExpression' || d.type === 'ArrowFunctionExpression') ? d : null;
}

/** Prototypes whose `value` accessor is every field's. */
const VALUE_PROTOTYPES = /^(HTMLInputElement|HTMLTextAreaElement|HTMLSelectElement|HTMLElement|Element)\.prototype$/;

/**
 * Methods whose replacement sees card data: payment libraries' methods that take the card in clear
 * (Adyen CSE, Stripe.js, Braintree, Accept.js), jQuery's `val`, and `EventTarget.prototype.addEventListener`.
 */
const HOOKED_METHODS = ['encrypt', 'createToken', 'tokenize', 'createPaymentMethod', 'confirmCardPayment', 'createSource', 'dispatchData', 'val', 'addEventListener'];

/** Array methods that call their callback with each element as its first argument. */
const ITERATION_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find']);

/** IndexedDB object-store methods that write (add, put) or read (get, getAll, openCursor) records. */
const IDB_METHODS: ReadonlySet<string> = new Set(['add', 'put', 'get', 'getAll', 'openCursor']);

/** Payment libraries' calls that turn the card into a token (Stripe.js, Braintree, Accept.js): nothing of the card flows out of them. */
const TOKENIZERS: ReadonlySet<string> = new Set(['tokenize', 'createToken', 'createPaymentMethod', 'createSource', 'dispatchData']);

/** Request calls whose value is the response: nothing flows out of them. */
const RESPONSE_SINKS: ReadonlySet<SinkKind> = new Set<SinkKind>(['fetch', 'ajax', 'beacon', 'eventsource']);

type AddSource = (d: SourceDesc, node: any, gid: number) => void;
type AddSink = (kind: SinkKind, api: string, node: any, scope: Scope, gid: number, dest: Destination, dynamic: boolean) => void;
/** What classifying the calls accumulates, besides sources and sinks. */
/** Graph nodes #heldValues stops at: the sources' (field reads) and the recorded member reads' by node. */
interface HeldGids {
  sources: Set<number>;
  members: Map<any, number>;
}

interface ClassifyState {
  addSink: AddSink;
  addSource: AddSource;
  /** XHR / WebSocket objects -> the URL they were opened with. */
  xhrUrls: Map<any, { node: any; scope: Scope; gid: number }>;
  sendCalls: Array<{ call: CallRec; obj: any; args: any[] }>;
}

/**
 * Longest source-to-sink path (flow-graph steps) taken as evidence. The graph is context-insensitive:
 * in a large bundle a field read reaches almost every request through shared helpers, component
 * state and return values, over many steps. Skimmers' paths are short: at most 13 steps over the 58
 * skimmer fixtures and every script of the replica sites; the shortest in adyen-web's 1 MB bundle is 22.
 */
/** The strings among the first 20 entries of an array, or of an object's values. */
function tableStrings(t: object): string[] {
  return (Array.isArray(t) ? t : Object.values(t)).slice(0, 20).filter((v: unknown): v is string => typeof v === 'string');
}

/** An expression that is plainly a function: a function literal, a built-in method read off a literal, a constructor. */
function isFunctionValued(e: any, propName: (m: any) => string | null): boolean {
  if (e.type === 'FunctionExpression' || e.type === 'ArrowFunctionExpression') return true;
  if (e.type !== 'MemberExpression') return false;
  const p = propName(e);
  if (p === 'constructor') return true;
  const lit = e.object.type === 'ArrayExpression' || e.object.type === 'Literal' || e.object.type === 'ObjectExpression' || e.object.type === 'TemplateLiteral';
  return lit && p !== null && p !== 'length';
}

/**
 * The flow graph is context-insensitive: in a bundle, shared helpers and coarse scopes join unrelated
 * values, and a long path is more likely such a join than a real flow. Only paths of at most this many
 * steps are evidence; in a small program (where there is little to join) longer ones are. Measured:
 * skimmers' graphs have 70–320 nodes, a 100 KB library's ~7,500; at 24 steps for every script, 11 of
 * 34,378 library files reached high, at 32 steps for graphs of up to 2,000 nodes none did.
 */
export const MAX_FLOW_HOPS = 20;
export const MAX_FLOW_HOPS_SMALL = 32;
export const SMALL_GRAPH_NODES = 2_000;


/** An array or object literal made only of literals, regular expressions and such literals nested. */
function constantTable(n: any, depth: number): boolean {
  if (depth > 3 || n === null) return false;
  if (n.type === 'Literal') return true;
  if (n.type === 'ArrayExpression') return n.elements.length <= 500 && n.elements.every((e: any) => e !== null && constantTable(e, depth + 1));
  if (n.type === 'ObjectExpression') return n.properties.length <= 200 && n.properties.every((p: any) => p.type === 'Property' && !p.computed && constantTable(p.value, depth + 1));
  return false;
}

export class ProgramModel {
  readonly ev: Evaluator;
  #kindMemo = new Map<any, Origin[]>();
  #sinks: SinkRec[] | null = null;
  #sources: SourceRec[] | null = null;
  #encoders = new Map<number, { name: string; node: any }>();
  #flows: SinkFlow[] | null = null;
  #calleeMemo = new Map<any, Callee>();
  #extraFrom: number[] = [];
  #extraTo: number[] = [];
  #classified = false;
  #storageWrites: number[] = [];
  #storageReads: number[] = [];
  /** history.pushState/replaceState calls: what they put in the page's URL. */
  #urlWrites: number[] = [];
  #decoderCalls = 0;

  readonly lines: LineIndex;

  /** `source`: the script's text, when known (a decoded destination whose host the text spells out is not hidden). */
  constructor(readonly facts: Facts, readonly source: string | null = null, lines?: LineIndex) {
    this.lines = lines ?? new LineIndex(source);
    facts.finalize();
    this.ev = new Evaluator(facts);
    // string-array rotation IIFEs run first, so that later lookups see the rotated array
    for (const { node, scope } of facts.iifes) {
      const rec = facts.fnByNode.get(node.callee);
      if (rec?.pushShift && (node.arguments.some((a: any) => a.type === 'Identifier') || node.arguments.length === 0)) this.ev.execute(node, scope);
    }
  }

  loc(node: any): Loc {
    return this.lines.ofNode(node);
  }

  resolve(node: any, scope: Scope): Resolved | null {
    return this.ev.resolveString(node, scope);
  }

  /** The called method's name when it is plain syntax (`x.name()`): what callee() would give, without resolving; else null. */
  memberName(call: CallRec): string | null {
    return call.plain;
  }

  /** Name of a called function and its receiver: `window['fet'+'ch'](u)` gives fetch. */
  callee(call: CallRec): Callee {
    if (call.callee !== undefined) return call.callee;
    if (call.gid >= 0) return (call.callee = this.#calleeOf(call.node.callee, call.scope, 0));
    // a call met through kindOf(): memo by node
    let m = this.#calleeMemo.get(call.node);
    if (m) return m;
    m = this.#calleeOf(call.node.callee, call.scope, 0);
    this.#calleeMemo.set(call.node, m);
    return m;
  }

  /**
   * The function a call hands its work to, and the arguments that function gets: `f.call(self, a)`,
   * `f.apply(self, [a])`, `Reflect.apply(f, self, [a])`, `Function.prototype.call.call(f, self, a)`.
   * `name`/`obj` are the call's own callee (callee()); null when the call forwards to nothing
   * `accept` takes or the arguments are not literal.
   */
  forwardedCall(call: CallRec, name: string, obj: any | null, accept: (target: Callee) => boolean): (Callee & { args: any[] }) | null {
    const args = call.node.arguments;
    if (!obj) return null;
    if (name === 'apply' && obj.type === 'Identifier' && obj.name === 'Reflect') {
      if (args.length < 3 || args[2].type !== 'ArrayExpression') return null;
      const target = this.#calleeOf(args[0], call.scope, 0);
      return target.name !== null && accept(target) ? { ...target, args: args[2].elements.filter((e: any) => e !== null) } : null;
    }
    if (name !== 'call' && name !== 'apply') return null;
    if (name === 'call' && obj.type === 'MemberExpression' && args.length >= 2 && this.#propName(obj, call.scope) === 'call') {
      const target = this.#calleeOf(args[0], call.scope, 0);
      return target.name !== null && accept(target) ? { ...target, args: args.slice(2) } : null;
    }
    const target = this.#calleeOf(obj, call.scope, 0);
    const fwd = target.name !== null && accept(target) ? forwardedArgs(name, args) : null;
    return fwd === null ? null : { ...target, args: fwd };
  }

  #calleeOf(c: any, scope: Scope, depth: number): Callee {
    if (c.type === 'ChainExpression' || c.type === 'ParenthesizedExpression') return this.#calleeOf(c.expression, scope, depth);
    if (c.type === 'SequenceExpression') return this.#calleeOf(c.expressions[c.expressions.length - 1], scope, depth);
    if (c.type === 'LogicalExpression' && c.operator !== '&&' && depth < 3) return this.#fallbackApi(c, scope, depth + 1) ?? { name: null, obj: null, objName: null };
    if (c.type === 'Identifier') {
      const b = scope.lookup(c.name);
      if (b && b.kind !== 'implicit' && b.kind !== 'function' && !b.fn && b.writes === 1 && b.defs.length === 1 && depth < 3) {
        const d = b.defs[0]!.node;
        // `var e = (0, eval)`: an indirect eval kept under another name
        if (d.type === 'MemberExpression' || d.type === 'Identifier' || d.type === 'SequenceExpression') return this.#calleeOf(d, b.defs[0]!.scope, depth + 1);
        if (d.type === 'CallExpression' && d.callee.type === 'MemberExpression' && this.#propName(d.callee, scope) === 'bind') {
          return this.#calleeOf(d.callee.object, b.defs[0]!.scope, depth + 1);
        }
        if (d.type === 'LogicalExpression' && d.operator !== '&&') {
          const api = this.#fallbackApi(d, b.defs[0]!.scope, depth + 1);
          if (api !== null) return api;
        }
      }
      if (b && b.kind === 'param' && depth < 3) {
        const arg = this.#iifeArg(b);
        if (arg && (arg.node.type === 'Identifier' || arg.node.type === 'MemberExpression')) {
          const r = this.#calleeOf(arg.node, arg.scope, depth + 1);
          if (r.name !== null && r.obj === null && ALIASED_GLOBALS.has(r.name)) return r;
        }
      }
      return { name: c.name, obj: null, objName: null };
    }
    if (c.type === 'MemberExpression') {
      const name = this.#propName(c, scope);
      // the constructor of a function is Function: `(function(){}).constructor`, `[].map.constructor`,
      // `''.constructor.constructor`
      if (name === 'constructor' && isFunctionValued(c.object, (m) => this.#propName(m, scope))) return { name: 'Function', obj: null, objName: null };
      if (c.object.type === 'Identifier' && GLOBAL_OBJECTS.has(c.object.name)) return { name, obj: null, objName: null };
      // the receiver's dotted name costs string work: only for the methods whose meaning depends on it
      const objName = name !== null && NEEDS_RECEIVER.has(name) ? this.#objName(c.object, scope) : null;
      if (objName !== null && GLOBAL_OBJECTS.has(objName)) return { name, obj: null, objName: null };
      return { name, obj: c.object, objName };
    }
    return { name: null, obj: null, objName: null };
  }

  /** `window.WebSocket || window.MozWebSocket`, `fetch || polyfill`: the side that is a known API, else null. */
  #fallbackApi(e: any, scope: Scope, depth: number): Callee | null {
    for (const side of [e.left, e.right]) {
      const r = this.#calleeOf(side, scope, depth);
      if (r.name !== null && r.obj === null && CLASSIFIED_NAMES.has(r.name)) return r;
    }
    return null;
  }

  #propName(m: any, scope: Scope): string | null {
    if (!m.computed) return m.property.type === 'Identifier' ? m.property.name : m.property.type === 'PrivateIdentifier' ? '#' + m.property.name : null;
    const r = this.ev.resolveString(m.property, scope);
    if (r?.hidden) this.#decoderCalls++;
    return r ? r.value : null;
  }

  /** Dotted name of a receiver, global prefixes stripped: `window.navigator` -> 'navigator'. */
  #objName(o: any, scope: Scope, depth = 0): string | null {
    if (depth > 6) return null;
    if (o.type === 'CallExpression' && this.#globalThisCall(o, scope)) return 'window';
    if (o.type === 'Identifier') {
      const b = scope.lookup(o.name);
      if (b && b.kind !== 'implicit' && b.writes === 1 && b.defs.length === 1) {
        const d = b.defs[0]!.node;
        if (d.type === 'CallExpression' && this.#globalThisCall(d, b.defs[0]!.scope)) return 'window';
        if (d.type === 'MemberExpression' || (d.type === 'Identifier' && d.name !== o.name) || d.type === 'LogicalExpression') {
          const n = this.#objName(d, b.defs[0]!.scope, depth + 1);
          if (n) return n;
        }
      }
      if (b && b.kind === 'param') {
        // (function (w, d) { … })(window, document): the parameter is the global it was given
        const arg = this.#iifeArg(b);
        if (arg) {
          const n = this.#objName(arg.node, arg.scope, depth + 1);
          if (n && /^(window|self|globalThis|top|parent|document|navigator|location|localStorage|sessionStorage|jQuery|\$)$/.test(n)) return n;
        }
      }
      return o.name;
    }
    if (o.type === 'ThisExpression') return 'this';
    // `document.forms['aspnetForm'] || document.forms[0]`: the object is one of the two
    if (o.type === 'LogicalExpression' && o.operator !== '&&') return this.#objName(o.left, scope, depth + 1) ?? this.#objName(o.right, scope, depth + 1);
    // `data && data.additional_data`: the object is the right side whenever it is one
    if (o.type === 'LogicalExpression') return this.#objName(o.right, scope, depth + 1);
    if (o.type === 'MemberExpression') {
      const base = this.#objName(o.object, scope, depth + 1);
      const p = this.#propName(o, scope);
      if (base === null || p === null) return null;
      return GLOBAL_OBJECTS.has(base) ? p : `${base}.${p}`;
    }
    return null;
  }

  /** `Function('return this')()`: the global object, got without naming it. */
  #globalThisCall(e: any, scope: Scope): boolean {
    const f = e.callee;
    if (e.arguments.length !== 0 || (f.type !== 'CallExpression' && f.type !== 'NewExpression') || f.arguments.length !== 1) return false;
    if (this.#calleeOf(f.callee, scope, 0).name !== 'Function') return false;
    const body = this.ev.resolveString(f.arguments[0], scope);
    return body !== null && /^\s*return\s+this\s*;?\s*$/.test(body.value);
  }

  /** The argument an immediately invoked function received for parameter binding `b`. */
  #iifeArg(b: { name: string; scope: Scope }): { node: any; scope: Scope } | null {
    const fn = b.scope.fn as any;
    if (!fn) return null;
    const call = this.facts.iifeOf.get(fn) ?? this.facts.factoryCallOf(fn);
    if (!call) return null;
    const i = fn.params.findIndex((p: any) => p.type === 'Identifier' && p.name === b.name);
    let arg = i >= 0 ? call.node.arguments[i] : undefined;
    // `typeof window !== 'undefined' ? window : this`: the window wherever a page runs it
    if (arg && arg.type === 'ConditionalExpression') arg = [arg.consequent, arg.alternate].find((x: any) => x.type === 'Identifier' && GLOBAL_OBJECTS.has(x.name)) ?? arg;
    return arg && arg.type !== 'SpreadElement' ? { node: arg, scope: call.scope } : null;
  }

  objName(o: any, scope: Scope): string | null {
    return this.#objName(o, scope);
  }

  propName(m: any, scope: Scope): string | null {
    return this.#propName(m, scope);
  }

  /** What kind of object an expression holds: an Image, an XHR, a WebSocket, a form, a field... */
  kindOf(expr: any, scope: Scope, depth = 0): Origin[] {
    if (!expr || depth > 5) return [];
    const memo = this.#kindMemo.get(expr);
    if (memo) return memo;
    this.#kindMemo.set(expr, []);
    const out = this.#kindOf1(expr, scope, depth);
    this.#kindMemo.set(expr, out);
    return out;
  }

  #kindOf1(e: any, scope: Scope, depth: number): Origin[] {
    switch (e.type) {
      case 'NewExpression': {
        const c = this.#calleeOf(e.callee, scope, 0).name;
        const k: Kind | null =
          c === 'Image' ? 'image' : c === 'XMLHttpRequest' || c === 'ActiveXObject' || c === 'XDomainRequest' ? 'xhr'
          : c === 'WebSocket' || c === 'MozWebSocket' ? 'websocket' : c === 'RTCPeerConnection' || c === 'webkitRTCPeerConnection' || c === 'mozRTCPeerConnection' ? 'rtc'
          : c === 'EventSource' ? 'eventsource' : c === 'FormData' ? 'formdata' : c === 'Worker' || c === 'SharedWorker' ? 'worker'
          : c === 'Request' ? 'request' : c === 'Audio' ? 'element' : null;
        return k ? [{ kind: k, node: e, scope }] : [];
      }
      case 'CallExpression': {
        const call = { node: e, scope, gid: -1, fn: null, plain: plainMethodName(e) } as CallRec;
        const { name, obj } = this.callee(call);
        if (name === 'createElement' || name === 'createElementNS') {
          const tag = this.ev.resolveString(e.arguments[e.arguments.length - 1], scope)?.value.toLowerCase();
          const k: Kind = tag === 'img' || tag === 'image' ? 'image' : tag === 'script' ? 'script' : tag === 'iframe' || tag === 'frame' ? 'iframe'
            // an <a> sends nothing until clicked (libraries parse URLs with one); a <link> fetches its href
            : tag === 'form' ? 'form' : tag === 'link' ? 'link' : 'element';
          return [{ kind: k, node: e, scope }];
        }
        if (name === 'createDataChannel') return [{ kind: 'datachannel', node: e, scope }];
        // socket.io: `io(url)`, `io.connect(url)`
        if ((name === 'io' && !obj) || (name === 'connect' && obj && obj.type === 'Identifier' && obj.name === 'io')) return [{ kind: 'socketio', node: e, scope }];
        if (name === 'cloneNode' && obj) return this.kindOf(obj, scope, depth + 1);
        if (name && (LOOKUP_BY_ID.has(name) || name === 'querySelector')) {
          // `querySelector('form.checkout')`, `getElementById('checkout_form')`: a form
          const sel = e.arguments.length > 0 ? this.ev.resolveString(e.arguments[0], scope)?.value : undefined;
          const form = sel !== undefined && (name === 'querySelector' ? /^\s*form(?![\w-])/i.test(sel) : isFormSegment(sel));
          return [{ kind: form ? 'form' : 'element', node: e, scope }];
        }
        if (name === 'appendChild' || name === 'insertBefore') return e.arguments[0] ? this.kindOf(e.arguments[0], scope, depth + 1) : [];
        // `function ch() { if (!wk) wk = new Worker(u); return wk; }`: what the script's own function returns
        if (!obj && e.callee.type === 'Identifier' && depth < 4) {
          const fn = scope.lookup(e.callee.name)?.fn as any;
          const fs = fn ? this.facts.fnScope(fn) : undefined;
          if (fs !== undefined) {
            const out: Origin[] = [];
            for (const r of this.#returnedValues(fn).slice(0, 8)) out.push(...this.kindOf(r, fs, depth + 1));
            return out;
          }
        }
        // `this.spawn().postMessage(…)` with `spawn() { this.agent = new Worker(u); return this.agent; }`:
        // what the method returns, when at most two functions have its name
        if (obj && e.callee.type === 'MemberExpression' && !e.callee.computed && name !== null && depth < 4) {
          const fns = this.facts.methods.get(name);
          if (fns !== undefined && fns.length <= 2) {
            const out: Origin[] = [];
            for (const fn of fns) {
              const fs = this.facts.fnScope(fn);
              if (fs !== undefined) for (const r of this.#returnedValues(fn).slice(0, 8)) out.push(...this.kindOf(r, fs, depth + 1));
            }
            return out;
          }
        }
        return [];
      }
      case 'Identifier': {
        if (e.name === 'localStorage' || e.name === 'sessionStorage') return [{ kind: 'storage', node: e, scope }];
        if (e.name === 'document') return [{ kind: 'document', node: e, scope }];
        if (e.name === 'location') return [{ kind: 'location', node: e, scope }];
        if (GLOBAL_OBJECTS.has(e.name)) return [{ kind: 'window', node: e, scope }];
        const b = scope.lookup(e.name);
        if (!b) return [];
        const out: Origin[] = [];
        for (const d of b.defs.slice(0, 8)) out.push(...this.kindOf(d.node, d.scope, depth + 1));
        if (b.kind === 'param' && b.defs.length === 0) out.push(...this.#thenValueKinds(b, depth));
        return out;
      }
      case 'MemberExpression': {
        const n = this.#objName(e, scope);
        if (n === 'localStorage' || n === 'sessionStorage') return [{ kind: 'storage', node: e, scope }];
        if (n === 'location' || n === 'document.location') return [{ kind: 'location', node: e, scope }];
        if (n === 'document') return [{ kind: 'document', node: e, scope }];
        // `document.forms[i]`: a form, whichever
        if (e.computed && /(^|\.)forms$/.test(this.#objName(e.object, scope) ?? '')) return [{ kind: 'form', node: e, scope }];
        if (e.object.type === 'ThisExpression' && !e.computed) {
          const b = scope.root().vars.get('#this.' + e.property.name);
          if (!b) return [];
          const out: Origin[] = [];
          for (const d of b.defs.slice(0, 8)) out.push(...this.kindOf(d.node, d.scope, depth + 1));
          return out;
        }
        // `state.sock = new WebSocket(u); … state.sock.send(d)`: what the script assigns to the property
        if (e.object.type === 'Identifier' && !e.computed && e.property.type === 'Identifier') {
          const w = scope.lookup(e.object.name)?.props?.get(e.property.name);
          if (!w) return [];
          const out: Origin[] = [];
          for (const d of w.defs.slice(0, 8)) out.push(...this.kindOf(d.node, d.scope, depth + 1));
          return out;
        }
        return [];
      }
      case 'AssignmentExpression':
        return this.kindOf(e.right, scope, depth + 1);
      // `(await open()).send(d)`: what the awaited promise resolves with
      case 'AwaitExpression':
        return this.#promisedKinds(e.argument, scope, depth + 1);
      case 'LogicalExpression':
        return [...this.kindOf(e.left, scope, depth + 1), ...this.kindOf(e.right, scope, depth + 1)];
      case 'ConditionalExpression':
        return [...this.kindOf(e.consequent, scope, depth + 1), ...this.kindOf(e.alternate, scope, depth + 1)];
      case 'SequenceExpression':
        return this.kindOf(e.expressions[e.expressions.length - 1], scope, depth + 1);
    }
    return [];
  }

  /**
   * `connect().then(function (ws) { ws.send(…) })`: the first parameter of a `then` callback holds what
   * the promise was resolved with: `Promise.resolve(x)`, or what the executor of a `new Promise` in the
   * called function hands to its `resolve` (`ws.onopen = function () { resolve(ws); }`).
   */
  #thenValueKinds(b: Binding, depth: number): Origin[] {
    const fn = b.scope.fn as any;
    if (!fn || fn.params[0]?.type !== 'Identifier' || fn.params[0].name !== b.name) return [];
    const then = this.facts.callbackOf.get(fn);
    if (!then || then.plain !== 'then' || then.node.arguments[0] !== fn) return [];
    return this.#promisedKinds(then.node.callee.object, then.scope, depth + 1);
  }

  #promisedKinds(expr: any, scope: Scope, depth: number): Origin[] {
    if (depth > 5) return [];
    if (expr.type === 'Identifier') {
      const b = scope.lookup(expr.name);
      return b ? b.defs.slice(0, 4).flatMap((d) => this.#promisedKinds(d.node, d.scope, depth + 1)) : [];
    }
    if (expr.type !== 'CallExpression') return [];
    const c = expr.callee;
    if (c.type === 'MemberExpression' && !c.computed && c.property.name === 'resolve' && c.object.type === 'Identifier' && c.object.name === 'Promise') {
      return expr.arguments[0] ? this.kindOf(expr.arguments[0], scope, depth + 1) : [];
    }
    if (c.type !== 'Identifier') return [];
    const f = scope.lookup(c.name)?.fn as any;
    if (!f || !f.body) return [];
    const out: Origin[] = [];
    for (let ci = 0, calls = this.facts.calls; ci < calls.length && out.length < 8; ci++) {
      const p = calls[ci]!;
      const n = p.node;
      if (n.start < f.start || n.end > f.end || n.type !== 'NewExpression' || n.callee.type !== 'Identifier' || n.callee.name !== 'Promise') continue;
      const exec = n.arguments[0];
      const resolve = exec && /Function/.test(exec.type) ? exec.params[0] : null;
      if (!resolve || resolve.type !== 'Identifier') continue;
      for (let cj = ci + 1; cj < calls.length; cj++) {
        const r = calls[cj]!.node;
        if (r.start >= exec.end) break;
        if (r.callee.type === 'Identifier' && r.callee.name === resolve.name && r.arguments[0]) out.push(...this.kindOf(r.arguments[0], calls[cj]!.scope, depth + 1));
      }
    }
    return out;
  }

  hasKind(expr: any, scope: Scope, k: Kind): Origin | null {
    for (const o of this.kindOf(expr, scope)) if (o.kind === k) return o;
    return null;
  }

  /** Destination of a URL expression (or of a `new Request(url, init)` handed to fetch). */
  destination(urlNode: any, scope: Scope): Destination {
    if (!urlNode) return { kind: 'computed', url: null, host: null };
    if (urlNode.type === 'Identifier' || urlNode.type === 'NewExpression') {
      const req = this.hasKind(urlNode, scope, 'request');
      if (req && req.node.arguments?.[0]) return this.destination(req.node.arguments[0], req.scope);
    }
    const p = this.ev.prefix(urlNode, scope);
    const d = destinationFromPrefix(p);
    // decoding somewhere in the URL (an API key assembled by interleaving two strings) hides nothing
    // when the host itself is written out in the script
    if (d.kind === 'hidden' && d.host !== null && this.source !== null && this.source.includes(d.host)) return { ...d, kind: 'literal' };
    if (d.kind !== 'computed') return d;
    return this.#paramDestination(urlNode, scope) ?? this.#eitherSchemeDestination(urlNode, scope) ?? this.#siteUrlBuilder(urlNode, scope) ?? d;
  }

  /**
   * `urlBuilder.build('rest/default/V1/carts/mine/payment-information')`: Magento's `mage/url` (a parameter
   * of the module's `define` callback) puts the store's base URL before a relative path. Not when the
   * script defines a `build` or `getUrl` of its own, which could put any host there.
   */
  #siteUrlBuilder(urlNode: any, scope: Scope): Destination | null {
    if (urlNode.type !== 'CallExpression' || urlNode.arguments.length !== 1) return null;
    const name = plainMethodName(urlNode);
    if ((name !== 'build' && name !== 'getUrl') || this.facts.methods.has(name)) return null;
    const recv = urlNode.callee.object;
    const b = recv.type === 'Identifier' ? scope.lookup(recv.name) : null;
    const amd = b !== null && b.kind === 'param' && b.scope.fn !== null && this.#callbackCall(b.scope.fn)?.node.callee.type === 'Identifier'
      && /^(define|require|requirejs)$/.test(this.#callbackCall(b.scope.fn)!.node.callee.name);
    if (!amd) return null;
    const path = this.ev.resolveString(urlNode.arguments[0], scope);
    if (path === null || /^\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(path.value)) return null;
    return { kind: 'relative', url: path.value, host: null };
  }

  /**
   * `(location.protocol === 'http:' ? 'http:' : 'https:') + '//host/path' + data`: a choice at the
   * start of the URL whose every option leads to the same host is that host.
   */
  #eitherSchemeDestination(urlNode: any, scope: Scope): Destination | null {
    const parts: any[] = [];
    let n = urlNode;
    while (n.type === 'BinaryExpression' && n.operator === '+') {
      parts.unshift(n.right);
      n = n.left;
    }
    if (n.type !== 'ConditionalExpression' || parts.length === 0) return null;
    let found: Destination | null = null;
    for (const branch of [n.consequent, n.alternate]) {
      const first = this.ev.resolveString(branch, scope);
      if (first === null) return null;
      let value = first.value;
      let hidden = first.hidden;
      let complete = true;
      for (const part of parts) {
        const r = this.ev.resolveString(part, scope);
        if (r === null) {
          complete = false;
          break;
        }
        value += r.value;
        hidden ||= r.hidden;
      }
      const d = destinationFromPrefix({ value, hidden, complete });
      if (d.host === null || (found !== null && found.host !== d.host)) return null;
      found ??= d;
    }
    return found;
  }

  /**
   * A URL that starts with a parameter (or `this.x` set from one) the script's own call sites give
   * constants: `new Sender('https://collector.example/s')` … `r.open('POST', this.url)`. Literal when
   * every call site agrees on the host.
   */
  #paramDestination(urlNode: any, scope: Scope): Destination | null {
    let n = urlNode;
    while (n.type === 'BinaryExpression' && n.operator === '+') n = n.left;
    if (n.type === 'TemplateLiteral' && n.expressions.length > 0 && (n.quasis[0].value.cooked ?? '') === '') n = n.expressions[0];
    let at = scope;
    if (n.type === 'MemberExpression' && n.object.type === 'ThisExpression' && !n.computed && n.property.type === 'Identifier') {
      const b = scope.root().vars.get('#this.' + n.property.name);
      if (!b || b.defs.length !== 1 || b.defs[0]!.node.type !== 'Identifier') return null;
      n = b.defs[0]!.node;
      at = b.defs[0]!.scope;
    }
    if (n.type !== 'Identifier' || at.lookup(n.name)?.kind !== 'param') return null;
    let host: string | null = null;
    let hidden = false;
    const values = this.#candidates(n, at);
    if (values.length === 0 || values.length > 8) return null;
    // every call site must give a known value (`new Api(location.origin)` is the page's own site)
    const fnNode = at.lookup(n.name)!.scope.fn as any;
    const index = fnNode ? fnNode.params.findIndex((q: any) => q.type === 'Identifier' && q.name === n.name) : -1;
    for (const site of (fnNode && this.#callsOf?.get(fnNode)) || []) {
      const a = site.node.arguments[index];
      if (!a || this.#candidates(a, site.scope, 1).length === 0) return null;
    }
    for (const v of values) {
      const d = destinationFromPrefix({ value: v.value, hidden: v.hidden, complete: false });
      if ((d.kind !== 'literal' && d.kind !== 'hidden') || !d.host || (host !== null && d.host !== host)) return null;
      host = d.host;
      hidden ||= d.kind === 'hidden';
    }
    return { kind: hidden ? 'hidden' : 'literal', url: values[0]!.value + '…', host };
  }

  /**
   * Where a worker built from a Blob of code sends (`new Worker(URL.createObjectURL(new Blob([code])))`):
   * the first absolute URL in the code, hidden from the page's own requests; null for a worker
   * loaded from a script URL (same-origin by rule: the page's own code).
   */
  #blobWorkerDestination(worker: any, scope: Scope): Destination | null {
    const arg = worker.arguments?.[0];
    if (!arg) return null;
    const url = this.ev.resolveString(arg, scope);
    if (url && !/^(blob|data):/i.test(url.value)) return null;
    const blob = this.#blobOf(arg, scope, 0);
    if (blob === null && !url) return null;
    const code = blob ?? url!.value;
    // a worker that cannot reach the network (compression, hashing) is the page's own helper; its
    // own code tells, when the API names are not written in it (`self['fe' + 'tch']`)
    const named = code === '' || /\b(fetch|XMLHttpRequest|WebSocket|sendBeacon|importScripts|EventSource)\b/.test(code);
    const m = /(?:https?|wss?):\/\/[^\s'"`)]+/i.exec(code);
    const inner = named && m ? null : this.#workerSinks(code);
    if (!named && (inner === null || !inner.sends)) return null;
    // the URL written in the worker's code; a worker that gets its endpoint by message (session-replay
    // batchers) has none: its destination is computed, not hidden
    const sent = m ? m[0] : inner?.url ?? null;
    return destinationFromPrefix(sent !== null ? { value: sent, hidden: true, complete: true } : null);
  }

  /** Code of `URL.createObjectURL(new Blob([...]))` (through variables), '' when it does not resolve; null when arg is no blob URL. */
  /** Whether a worker's own code sends (`self['fe' + 'tch'](u)`), and the URL when it is not written in it (`fetch(String.fromCharCode(…))`). */
  #workerSinks(code: string): { sends: boolean; url: string | null } | null {
    if (code === '' || code.length > 200_000) return null;
    const parsed = parseSource(code);
    if (!parsed.ast) return null;
    const facts = new Facts(false);
    walkProgram(parsed.ast as any, facts, new VisitorMap());
    let sends = false;
    for (const sink of new ProgramModel(facts, code).sinks()) {
      if (!NETWORK_SINKS.has(sink.kind)) continue;
      sends = true;
      if (sink.dest.url !== null && (sink.dest.kind === 'literal' || sink.dest.kind === 'hidden')) return { sends, url: sink.dest.url };
    }
    return { sends, url: null };
  }

  readonly #returns = new Map<any, any[]>();

  /** The expressions a function returns (not those of functions inside it). */
  /** Whether every value a function returns is a literal or an entry of a constant table of literals (`BRANDS[i]`, `T[k].id`). */
  #returnsTableEntries(fn: any): boolean {
    const values = this.#returnedValues(fn);
    if (values.length === 0 || values.length > 8) return false;
    const fs = this.facts.fnScope(fn);
    if (!fs) return false;
    return values.every((v: any) => {
      if (v.type === 'Literal') return true;
      let m = v;
      if (m.type === 'MemberExpression' && !m.computed && m.object.type === 'MemberExpression') m = m.object;
      if (m.type !== 'MemberExpression' || !m.computed || m.object.type !== 'Identifier') return false;
      const b = fs.lookup(m.object.name);
      const d = b !== null && b.scope !== fs && b.writes === 1 && b.defs.length === 1 ? b.defs[0]!.node as any : null;
      return d !== null && (d.type === 'ArrayExpression' || d.type === 'ObjectExpression') && constantTable(d, 0) && this.#neverFilled(m.object.name);
    });
  }

  /** Whether the script's text never writes into a table by that name (`T[k] = …`, `T.push(…)`, `Object.assign(T, …)`). */
  #neverFilled(name: string): boolean {
    if (this.source === null || !/^[\w$]+$/.test(name)) return false;
    const n = name.replace(/\$/g, '\\$');
    return !new RegExp(`(^|[^\\w$.])${n}\\s*(\\[[^\\]]*\\]|\\.[\\w$]+)\\s*=(?!=)|(^|[^\\w$.])${n}\\s*\\.\\s*(push|unshift|splice|set)\\s*\\(|assign\\s*\\(\\s*${n}\\b`).test(this.source);
  }

  #returnedValues(fn: any): any[] {
    let out = this.#returns.get(fn);
    if (out !== undefined) return out;
    const found: any[] = [];
    if (fn.body.type !== 'BlockStatement') found.push(fn.body);
    else if (fn.body.end - fn.body.start < 4_000) {
      scanNodes(fn.body.body, (n) => {
        if (n.type === 'ReturnStatement' && n.argument) found.push(n.argument);
        return n.type !== 'ReturnStatement' && !isFunction(n) && n.type !== 'ClassBody';
      }, () => found.length > 8);
    }
    this.#returns.set(fn, found);
    return found;
  }

  #messageUrl(msg: any, scope: Scope): Destination | null {
    let o = msg;
    if (o && o.type === 'Identifier') {
      const b = scope.lookup(o.name);
      o = b && b.defs.length === 1 ? b.defs[0]!.node : null;
    }
    if (!o || o.type !== 'ObjectExpression') return null;
    for (const p of o.properties) {
      if (p.type !== 'Property' || p.value.type === 'ObjectExpression' || p.value.type === 'FunctionExpression') continue;
      if (/^(?:https?|wss?):\/\/[^/]/i.test(this.ev.prefix(p.value, scope).value)) return this.destination(p.value, scope);
    }
    return null;
  }

  #blobOf(e: any, scope: Scope, depth: number): string | null {
    if (!e || depth > 4) return null;
    if (e.type === 'Identifier') {
      const b = scope.lookup(e.name);
      return b && b.defs.length === 1 ? this.#blobOf(b.defs[0]!.node, b.defs[0]!.scope, depth + 1) : null;
    }
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && this.#propName(e.callee, scope) === 'createObjectURL') {
      return this.#blobOf(e.arguments[0], scope, depth + 1) ?? '';
    }
    if (e.type === 'NewExpression' && e.callee.type === 'Identifier' && e.callee.name === 'Blob') {
      const parts = e.arguments[0];
      if (!parts || parts.type !== 'ArrayExpression') return '';
      return parts.elements.map((p: any) => (p ? this.ev.resolveString(p, scope)?.value ?? '' : '')).join('');
    }
    return null;
  }

  #dynamic(nodes: any[], scope: Scope): boolean {
    for (const n of nodes) {
      if (!n) continue;
      if (n.type === 'SpreadElement') return true;
      if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') continue;
      if (!this.ev.evaluate(n, scope)) return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------

  #classify(): void {
    if (this.#classified) return;
    this.#classified = true;
    const facts = this.facts;
    const sinks: SinkRec[] = [];
    const sources: SourceRec[] = [];
    // filled as found: a rule failing half-way (a hostile script) leaves the others what was found
    this.#sinks = sinks;
    this.#sources = sources;
    // XHR / WebSocket objects -> the URL they were opened with
    const xhrUrls = new Map<any, { node: any; scope: Scope; gid: number }>();
    const sendCalls: Array<{ call: CallRec; obj: any; args: any[] }> = [];
    const addSink = (kind: SinkKind, api: string, node: any, scope: Scope, gid: number, dest: Destination, dynamic: boolean) => {
      sinks.push({ kind, api, node, scope, gid, loc: this.loc(node), dest, dynamic });
    };
    const addSource = (d: SourceDesc, node: any, gid: number) => sources.push({ ...d, node, gid, loc: this.loc(node) });
    const st: ClassifyState = { addSink, addSource, xhrUrls, sendCalls };

    const idb = this.#indexedDbStores();
    for (let ci = 0, calls = facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      const n = call.node;
      // `x.method()` naming no API of interest: skipped without resolving the callee (most calls)
      const plain = this.memberName(call);
      if (idb !== null && plain !== null && IDB_METHODS.has(plain) && this.#onStore(n.callee.object, call.scope, idb)) {
        // IndexedDB keeps what it is given across page loads, like localStorage
        if (plain === 'add' || plain === 'put') {
          addSink('storage', `IDBObjectStore.${plain}`, n, call.scope, call.gid, { kind: 'relative', url: null, host: null }, true);
          this.#storageWrites.push(call.gid);
        } else {
          this.#storageReads.push(call.gid);
          this.#idbReads.set(n, call.gid);
        }
        continue;
      }
      if (plain !== null && !CLASSIFIED_NAMES.has(plain) && plain !== 'call' && plain !== 'apply') continue;
      this.#classifyCall(call, st);
    }
    for (const { call, obj, args } of sendCalls) {
      const n = call.node;
      let url: { node: any; scope: Scope; gid: number } | undefined;
      for (const key of this.#objKeys(obj, call.scope)) url ??= xhrUrls.get(key);
      const ws = this.hasKind(obj, call.scope, 'websocket') ?? this.hasKind(obj, call.scope, 'socketio');
      const dc = this.hasKind(obj, call.scope, 'datachannel') ?? this.hasKind(obj, call.scope, 'rtc');
      const dyn = this.#dynamic(args, call.scope);
      if (ws) addSink('websocket', ws.kind === 'socketio' ? 'socket.io send' : 'WebSocket.send', n, call.scope, call.gid, this.destination(ws.node.arguments?.[0], ws.scope), dyn);
      else if (dc) addSink('webrtc', 'RTCDataChannel.send', n, call.scope, call.gid, { kind: 'hidden', url: null, host: null }, dyn);
      else if (url || this.hasKind(obj, call.scope, 'xhr')) {
        // data in the URL given to open() leaves with send()
        if (url) {
          this.#extraFrom.push(url.gid);
          this.#extraTo.push(call.gid);
        }
        const urlDyn = url !== undefined && this.#dynamic([url.node], url.scope);
        addSink('xhr', 'XMLHttpRequest.send', n, call.scope, call.gid, url ? this.destination(url.node, url.scope) : { kind: 'computed', url: null, host: null }, dyn || urlDyn);
      }
    }
    for (const a of facts.assigns) {
      if (a.prop === null && a.node.left.type === 'MemberExpression' && isFunction(a.node.right)) {
        // `p[dec('…')] = function (r) {…}`: a wrapper under a decoded method name
        const name = this.#propName(a.node.left, a.scope);
        if (name !== null && HOOKED_METHODS.includes(name)) this.#sdkHookSource(name, a.node.right, addSource);
      }
      if (a.prop !== null && HANDLER_PROPS.has(a.prop)) this.#handlerProperty(a, addSource);
      else this.#assignSink(a, addSink);
    }
    for (const m of facts.members) this.#memberSource(m, addSource);
    // `for (const el of form)`: a loop over a form walks its controls
    for (const it of facts.iterations) {
      if (!it.keys && it.pattern.type === 'Identifier' && this.#pageForm(it.right, it.scope)) addSource({ cls: 'sweep', role: null, how: 'for…of over a form' }, it.right, it.gid);
    }
    for (const name of HOOKED_METHODS) {
      const fns = facts.methods.get(name);
      if (fns !== undefined && fns.length <= 6) for (const fn of fns) this.#sdkHookSource(name, fn, addSource);
    }
    this.#valueAccessorSources(addSource);
    // `import(url)` fetches the module: a script request whose URL may carry data
    for (const im of facts.imports) {
      addSink('script', 'import()', im.node, im.scope, im.gid, this.destination(im.node.source, im.scope), this.#dynamic([im.node.source], im.scope));
    }
    if (sources.length > 0) this.#analyticsSinks(addSink);
  }

  /**
   * Calls that give analytics data to send (`ga('send', 'event', …)`, `dataLayer.push({…})`,
   * `analytics.track(…)`). Only what an argument holds as it is, through strings, objects and encoders,
   * reaches such a sink: a value made by any other function (`cardBrand(number)`) does not, since a
   * checkout may well report the brand or the number's length.
   */
  #analyticsSinks(addSink: ClassifyState['addSink']): void {
    const facts = this.facts;
    const held = { sources: new Set(this.#sources!.map((x) => x.gid)), members: new Map(facts.members.map((m) => [m.node, m.gid])) };
    for (let ci = 0, calls = facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      const c = call.node.callee;
      const plain = call.plain;
      if (plain === null ? c.type !== 'Identifier' && c.type !== 'MemberExpression' : plain !== 'push' && plain !== 'send' && plain !== 'set' && !ANALYTICS_METHODS.has(plain) && !ANALYTICS_FUNCTIONS.has(plain)) continue;
      if (c.type === 'Identifier' && !ANALYTICS_FUNCTIONS.has(c.name)) continue;
      if (plain === 'send' || plain === 'set') {
        // a Google Analytics tracker: `ga.getAll()[0].send(…)`, `ga(function (t) { t.set(…) })`
        if (this.#gaTracker(c.object, call.scope, 0)) this.#analyticsSink(call, `tracker.${plain}()`, 'www.google-analytics.com', addSink, held);
        continue;
      }
      const { name, obj } = this.callee(call);
      if (name === null) continue;
      // `w.dataLayer.push`, `window['analytics'].track`: the receiver's last name
      const objName = obj === null ? null : this.#objName(obj, call.scope);
      if (obj !== null && objName === null) continue;
      const owner = objName === null ? null : objName.slice(objName.lastIndexOf('.') + 1);
      const vendor = objName === null || GLOBAL_OBJECTS.has(objName) ? ANALYTICS_FUNCTIONS.get(name)
        : name === 'push' ? ANALYTICS_QUEUES.get(owner!)
        : ANALYTICS_METHODS.has(name) ? ANALYTICS_OBJECTS.get(owner!) : undefined;
      if (vendor === undefined || call.node.arguments.length === 0) continue;
      const api = `${owner !== null && !GLOBAL_OBJECTS.has(objName!) ? owner + '.' : ''}${name}()`;
      this.#analyticsSink(call, api, vendor, addSink, held);
    }
  }

  #analyticsSink(call: CallRec, api: string, vendor: string, addSink: ClassifyState['addSink'], held: HeldGids): void {
    const from: number[] = [];
    for (const a of call.node.arguments) this.#heldValues(a, call.scope, from, held, 0);
    if (from.length === 0) return;
    const gid = this.facts.newNode();
    for (const g of from) {
      this.#extraFrom.push(g);
      this.#extraTo.push(gid);
    }
    const host = vendor.includes('.') ? vendor : null;
    addSink('analytics', host ? api : `${api} (${vendor})`, call.node, call.scope, gid, { kind: 'literal', url: null, host }, true);
  }

  /** A Google Analytics tracker object: `ga.getAll()[i]`, `ga.getByName(n)`, the parameter of a `ga(function (tracker) {…})` callback, or a name bound to one. */
  #gaTracker(e: any, scope: Scope, depth: number): boolean {
    if (depth > 3) return false;
    const isGa = (x: any) => x.type === 'Identifier' && (x.name === 'ga' || x.name === '__gaTracker');
    if (e.type === 'MemberExpression' && e.computed && e.object.type === 'CallExpression') e = e.object;
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && !e.callee.computed && isGa(e.callee.object)) {
      return e.callee.property.name === 'getAll' || e.callee.property.name === 'getByName';
    }
    if (e.type !== 'Identifier') return false;
    const b = scope.lookup(e.name);
    if (b === null) return false;
    if (b.kind === 'param') {
      const fn = b.scope.fn as any;
      const outer = fn ? this.#callbackCall(fn) : undefined;
      return outer !== undefined && isGa(outer.node.callee) && fn.params[0]?.type === 'Identifier' && fn.params[0].name === b.name;
    }
    return b.defs.length === 1 && this.#gaTracker(b.defs[0]!.node, b.defs[0]!.scope, depth + 1);
  }

  /** Graph nodes of what an expression holds as it is: read fields, variables, encoders' output; not other calls' results. */
  #heldValues(e: any, scope: Scope, out: number[], held: HeldGids, depth: number): void {
    if (e === null || e === undefined || depth > 8 || out.length > 64) return;
    const again = (x: any, sc: Scope = scope) => this.#heldValues(x, sc, out, held, depth + 1);
    switch (e.type) {
      case 'Identifier': {
        const b = scope.lookup(e.name);
        if (b === null) return;
        // a parameter holds what its callers give; a variable, what its definitions say
        if (b.kind === 'param' || b.kind === 'catch' || b.defs.length === 0 || b.defs.length > 4) {
          out.push(b.gid);
          return;
        }
        for (const d of b.defs) {
          // an object or array filled later (`o[k] = el.value`, `a.push(v)`): what was put in it
          if (d.node.type === 'ObjectExpression' || d.node.type === 'ArrayExpression') out.push(b.gid);
          if (d.node !== e) again(d.node, d.scope);
        }
        return;
      }
      case 'MemberExpression': {
        // `number.length` is a count, not the number
        if (!e.computed && e.property.name === 'length') return;
        const g = held.members.get(e);
        if (g !== undefined) out.push(g);
        return again(e.object);
      }
      case 'CallExpression': {
        const rec = this.facts.callByNode.get(e);
        if (rec === undefined) return;
        if (held.sources.has(rec.gid) || this.#encoders.has(rec.gid)) {
          out.push(rec.gid);
          return;
        }
        const name = rec.plain ?? (e.callee.type === 'Identifier' ? e.callee.name : null);
        if (name === null) return;
        // the last four digits or the BIN (`n.slice(-4)`, `n.substring(0, 6)`) are what checkouts may report
        if (TRUNCATIONS.has(name) && e.arguments.length > 0 && !(e.arguments.length === 1 && e.arguments[0].type === 'Literal' && e.arguments[0].value === 0)) return;
        if (STRING_METHODS.has(name) || VALUE_METHODS.has(name)) {
          // `$('#cc').val()`, `v.trim()`, `a.concat(b)`, `parts.join('|')`
          if (e.callee.type === 'MemberExpression') again(e.callee.object);
          for (const a of e.arguments) again(a);
        } else if (TEXT_FUNCTIONS.has(name) && e.callee.type === 'Identifier') {
          for (const a of e.arguments) again(a);
        }
        return;
      }
      case 'ObjectExpression':
        for (const p of e.properties) again(p.type === 'SpreadElement' ? p.argument : p.value);
        return;
      case 'ArrayExpression':
        for (const x of e.elements) if (x !== null) again(x.type === 'SpreadElement' ? x.argument : x);
        return;
      case 'TemplateLiteral':
        for (const x of e.expressions) again(x);
        return;
      case 'BinaryExpression':
        if (e.operator === '+') {
          again(e.left);
          again(e.right);
        }
        return;
      case 'LogicalExpression':
        again(e.left);
        again(e.right);
        return;
      case 'ConditionalExpression':
        again(e.consequent);
        again(e.alternate);
        return;
      case 'SequenceExpression':
        return again(e.expressions[e.expressions.length - 1]);
      case 'AssignmentExpression':
        return again(e.right);
      case 'ChainExpression':
      case 'ParenthesizedExpression':
      case 'AwaitExpression':
        return again(e.expression ?? e.argument);
      default:
    }
  }

  // One call's part in the model, in three small methods rather than one large body: V8 reoptimizes a
  // whole function each time a rarely taken path deoptimizes it, and the single loop body this was cost
  // up to 0.7 s of compiler time per reoptimization.
  #classifyCall(call: CallRec, st: ClassifyState): void {
    const n = call.node;
    let { name, obj, objName } = this.callee(call);
    if (name === null) return;
    let args = n.arguments;
    if ((name === 'apply' || name === 'call') && obj) {
      // a sending API reached through call/apply/Reflect.apply: judge it as the direct call
      const fwd = this.forwardedCall(call, name, obj, (t) => CALL_APPLY_SINKS.has(t.name!) || (name === 'apply' && obj.type === 'Identifier' && obj.name === 'Reflect' && CLASSIFIED_NAMES.has(t.name!)));
      if (fwd === null || fwd.name === null) return;
      ({ name, obj, objName, args } = fwd);
      if (name === null) return;
    }
    // most calls are none of the APIs below: one lookup skips them (plain calls of the script's
    // own functions still go on: they may be its encoder)
    if (!CLASSIFIED_NAMES.has(name) && (obj || n.callee.type !== 'Identifier')) return;
    this.#callSource(call, name, obj, objName, args, st.addSource);
    this.#callEncoder(call, name, obj, objName, args);
    this.#callSink(call, name, obj, objName, args, st);
  }

  #callSource(call: CallRec, name: string, obj: any, objName: string | null, args: any[], addSource: AddSource): void {
    const n = call.node;
    // how many inputs a page has is a fingerprint, not form data
    if (this.facts.counted.has(n)) return;
    const isNew = n.type === 'NewExpression';
    if (LOOKUP_BY_ID.has(name) || LOOKUP_BY_NAME.has(name) || LOOKUP_BY_SELECTOR.has(name) || LOOKUP_BY_TAG.has(name) || LOOKUP_BY_CLASS.has(name) || (JQUERY_FUNCS.test(name) && !obj)
      || (LOOKUP_BY_XPATH.has(name) && objName !== null && /(^|\.)(document|ownerDocument)$/.test(objName))) {
      if (args.length >= 1 && (obj || JQUERY_FUNCS.test(name))) this.#lookupSources(name, args[0], call, addSource);
    } else if (name === 'construct' && obj && obj.type === 'Identifier' && obj.name === 'Reflect' && this.#formDataTrap(call)) {
      // `window.FormData = new Proxy(FormData, { construct(T, a) { var fd = Reflect.construct(T, a); … } })`:
      // every FormData the page builds from its forms passes through the trap
      addSource({ cls: 'sweep', role: null, how: 'FormData constructor trapped by a Proxy' }, n, call.gid);
    } else if (REQUEST_BODY_READERS.has(name) && obj && this.#fetchEventRequest(obj, call.scope, 0)) {
      // a service worker sees every request of its pages: the body of a checkout POST is the whole form
      addSource({ cls: 'sweep', role: null, how: `fetch event request.${name}() (service worker)` }, n, call.gid);
    } else if (SERIALISERS.has(name) && obj && this.#serialisesForm(obj, call.scope)) {
      addSource({ cls: 'sweep', role: null, how: `${name}()` }, n, call.gid);
    } else if (isNew && name === 'FormData' && args.length > 0 && args[0].type !== 'Literal' && args[0].type !== 'ObjectExpression' && args[0].type !== 'ArrayExpression' && this.#formFromPage(args[0], call.scope)) {
      // the FormData constructor takes a form and nothing else: whatever names it, its argument is one
      addSource({ cls: 'sweep', role: null, how: 'new FormData(form)' }, n, call.gid);
    } else if (((name === 'from' && objName === 'Array') || ((name === 'values' || name === 'entries') && obj?.type === 'Identifier' && obj.name === 'Object' && args.length > 0 && this.#pageForm(args[0], call.scope)))
      && args.length > 0 && this.#formByName(args[0], call.scope)) {
      // a form is iterable, and its controls are its indexed properties: Array.from(form), Object.values(form) list them
      addSource({ cls: 'sweep', role: null, how: `${name === 'from' ? 'Array' : 'Object'}.${name}(form)` }, n, call.gid);
    } else if (name === 'addEventListener' && args.length >= 2 && (obj === null || (objName !== null && /^(window|self|top)$/.test(objName))) && this.#writesPostingForm()
      && this.ev.resolveString(args[0], call.scope)?.value === 'message' && isFunction(args[1])) {
      // fake card fields in a frame the script writes (`f.srcdoc = '<input …><script>…parent.postMessage(i.value)…'`):
      // the messages the page gets are what the shopper types there
      addSource({ cls: 'card', role: 'card-number', how: "messages from the input fields of a frame the script writes (srcdoc)" }, n, call.gid);
      this.#handlerSources.push({ gid: call.gid, fn: args[1] });
    } else if (LISTEN_METHODS.has(name) && (obj || isGlobalReceiver(n.callee)) && args.length >= 2) {
      // the event may take several names: `['input', 'keyup'].forEach(function (t) { document.addEventListener(t, fn) })`
      const firstEvent = (e: string) => e.split(/[\s.]/)[0]!;
      const evs = this.#eventNames(args[0], call.scope);
      const keyEv = evs.find((e) => /^key/i.test(firstEvent(e)));
      const ev = evs.find((e) => KEY_EVENTS.test(firstEvent(e)));
      const target = obj ? objName ?? '' : 'window';
      // a handler on payment fields (or delegated to them) reads them through `this` / its event
      // the last function argument: `.on(ev, sel, fn)`, `addEventListener(ev, fn, true)`; a named
      // function handed by name (`document.addEventListener('change', track, true)`) is that function
      let handler = args[args.length - 1];
      for (let i = args.length - 1; i >= 1; i--) {
        const fn = args[i].type === 'Identifier' ? functionValue(args[i], call.scope) : args[i];
        if (fn !== null && (fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionDeclaration')) {
          handler = fn;
          break;
        }
      }
      const isFn = handler.type === 'FunctionExpression' || handler.type === 'ArrowFunctionExpression' || handler.type === 'FunctionDeclaration';
      // a key listener on the whole document logs keys when its handler reads them (a known handler that
      // reads nothing of its event, like web-vitals' `finalizeLCP` on keydown, is a timing hook)
      if (keyEv !== undefined && DOCUMENT_TARGETS.test(target) && (!isFn || readsKeyData(handler))) {
        addSource({ cls: 'sweep', role: null, how: `${target}.${name}('${keyEv}') keylogger` }, n, call.gid);
      }
      if (ev !== undefined && isFn) {
        const subject = this.#listenerSubject(name, obj, args, call.scope);
        if (subject) {
          addSource({ ...subject, how: `${subject.how} ${ev} handler` }, n, call.gid);
          this.#handlerSources.push({ gid: call.gid, fn: handler });
        } else if (obj && handler.params.length > 0 && this.#formByName(obj, call.scope) && readsEventTargetValue(handler)) {
          // delegated to a form: the handler sees each of its fields as they are typed
          addSource({ cls: 'sweep', role: null, how: `${objName ?? 'form'}.${name}('${ev}') handler reading event.target.value` }, n, call.gid);
          this.#handlerSources.push({ gid: call.gid, fn: handler });
        } else if (DOCUMENT_TARGETS.test(target) && readsEventTargetValue(handler) && (filtersCardFields(handler, this.#fnOf(handler)) || this.#gatesOnCardNumber(handler))) {
          // delegated, but only card fields go on: `if (!/card|cvv/.test(e.target.name)) return;`
          addSource({ cls: 'card', role: 'card-number', how: `${target}.${name}('${ev}') handler keeping card fields (event.target.value)` }, n, call.gid);
          this.#handlerSources.push({ gid: call.gid, fn: handler });
        } else if (DOCUMENT_TARGETS.test(target) && readsEventTargetValue(handler) && !readsOnlyNamedFields(handler)) {
          // delegated to the whole document (capture): the handler sees every field the shopper leaves,
          // and reads what was typed from its event's target
          addSource({ cls: 'delegated', role: null, how: `${target}.${name}('${ev}') handler reading event.target.value` }, n, call.gid);
          this.#handlerSources.push({ gid: call.gid, fn: handler });
        }
      }
    }
  }

  /**
   * A wrapper put in place of a payment library's method that takes the card (`inst.encrypt = function
   * (d) { leak(d); return orig.apply(this, arguments); }`): its first parameter is the card data.
   */
  #sdkHookSource(name: string, fn: any, addSource: AddSource): void {
    const p = fn.params[0];
    const scope = this.facts.fnScope(fn);
    if (!scope) return;
    // the original, saved from the same property before it was replaced (`var orig = inst.encrypt`)
    let saved: any = null;
    const original = (x: any): boolean => {
      if (x.type !== 'Identifier') return false;
      const b = scope.lookup(x.name);
      const d = b !== null && b.defs.length === 1 ? b.defs[0]! : null;
      if (d === null || d.node.type !== 'MemberExpression' || this.#propName(d.node, d.scope) !== name) return false;
      saved = d.node;
      return true;
    };
    const through = callsThrough(fn, original);
    if (through === null) return;
    if (name === 'addEventListener') {
      // `EventTarget.prototype.addEventListener` replaced: a function of the script that reads the event's
      // field, called from the wrapper, sees the events of every field the page listens to
      const o = saved.object;
      if (o.type !== 'MemberExpression' || this.#propName(o, scope) !== 'prototype') return;
      traverse(fn.body, (n: any) => {
        if (n.type !== 'CallExpression' || n.callee.type !== 'Identifier') return;
        const f = scope.lookup(n.callee.name)?.fn as any;
        const fp = f?.params[0];
        if (!f || fp?.type !== 'Identifier' || !readsEventTargetValue(f)) return;
        const b = this.facts.fnScope(f)?.vars.get(fp.name);
        if (b) addSource({ cls: 'sweep', role: null, how: 'events of every field listener (addEventListener wrapped)' }, fp, b.gid);
      }, emptyListeners());
      return;
    }
    if (name === 'val') {
      // jQuery's `$.fn.val` replaced: what the original returns is the value of every field read through it
      const o = saved.object;
      const gid = this.#callGid(through);
      if (o.type === 'MemberExpression' && this.#propName(o, scope) === 'fn' && gid !== undefined) {
        addSource({ cls: 'sweep', role: null, how: 'jQuery.fn.val wrapped (every value read through it)' }, through, gid);
      }
      return;
    }
    const b = p?.type === 'Identifier' ? scope.vars.get(p.name) : undefined;
    if (b) addSource({ cls: 'card', role: 'card-number', how: `${name}() wrapped (its card argument)` }, p, b.gid);
  }

  /**
   * Whether a handler goes on only with what looks like a card number: a Luhn check
   * (`if (luhn(v)) send(v)`), 13 to 19 digits (`v.replace(/\D/g, '').length >= 15`, `/^\d{13,19}$/`).
   * A masking step (`if (luhn(v)) v = '****'`) reassigns instead, and does not count.
   */
  #gatesOnCardNumber(fn: any): boolean {
    const scope = this.facts.fnScope(fn);
    let stripsDigits = false;
    const gates: Array<{ test: any; body: any }> = [];
    traverse(fn.body, (n: any) => {
      if (n.type === 'IfStatement') gates.push({ test: n.test, body: n.consequent });
      else if (n.type === 'LogicalExpression' && n.operator === '&&') gates.push({ test: n.left, body: n.right });
      else if (n.type === 'ConditionalExpression') gates.push({ test: n.test, body: n.consequent });
      else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.property.name === 'replace'
        && n.arguments[0]?.regex && /^(\\D|\[\^0-9\]|\[\^\\d\])\+?$/.test(n.arguments[0].regex.pattern)) stripsDigits = true;
    }, emptyListeners());
    const cardShaped = (test: any): boolean => {
      let hit = false;
      traverse(test, (n: any) => {
        if (hit) return;
        if (n.type === 'Literal' && n.regex && /(\\d|\[0-9\])\{1[2-9]/.test(n.regex.pattern)) hit = true;
        else if (n.type === 'BinaryExpression' && /^[<>]=?$/.test(n.operator) && stripsDigits && [n.left, n.right].some((x: any) => x.type === 'Literal' && typeof x.value === 'number' && x.value >= 12 && x.value <= 19)
          && [n.left, n.right].some((x: any) => x.type === 'MemberExpression' && !x.computed && x.property.name === 'length')) hit = true;
        else if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && scope) {
          const f = scope.lookup(n.callee.name)?.fn;
          if (f && isLuhn(f)) hit = true;
        }
      }, emptyListeners());
      return hit;
    };
    return gates.some((g) => cardShaped(g.test) && !reassigns(g.body));
  }

  /** Whether a call sits in the `construct` trap of a Proxy around FormData. */
  #formDataTrap(call: CallRec): boolean {
    const fn = call.fn?.node;
    const obj = fn ? this.facts.thisObject.get(fn) : undefined;
    if (!obj) return false;
    const trap = obj.properties.find((p: any) => p.type === 'Property' && p.value === fn);
    if (!trap || (trap.key.name ?? trap.key.value) !== 'construct') return false;
    return this.facts.calls.some((c) => c.node.type === 'NewExpression' && c.node.arguments[1] === obj && c.node.arguments[0]
      && this.#calleeOf(c.node.callee, c.scope, 0).name === 'Proxy' && this.#calleeOf(c.node.arguments[0], c.scope, 0).name === 'FormData');
  }

  /** The script's functions by name, as seen from inside `fn`. */
  #fnOf(fn: any): (name: string) => any {
    const scope = this.facts.fnScope(fn);
    return (name) => scope?.lookup(name)?.fn ?? null;
  }

  /** The script writes a frame's document (`srcdoc`) with card input fields and code posting to its parent. */
  #writesPostingForm(): boolean {
    return this.facts.inputMarkup && this.facts.postMessageCode && this.facts.assigns.some((a) => a.prop === 'srcdoc')
      && this.source !== null && /cc-(?:number|csc|exp)|card-?number|\bcvc\b|\bcvv2?\b|security.?code/i.test(this.source);
  }

  /** Where `frame.contentWindow` is: the URL the script gives the frame (`frame.src = url`). */
  #frameSrc(win: any, scope: Scope): Destination | null {
    if (win.type !== 'MemberExpression' || this.#propName(win, scope) !== 'contentWindow' || win.object.type !== 'Identifier') return null;
    const b = scope.lookup(win.object.name);
    if (b === null) return null;
    for (const a of this.facts.assigns) {
      const l = a.node.left;
      if (a.prop === 'src' && l.type === 'MemberExpression' && l.object.type === 'Identifier' && l.object.name === b.name && a.scope.lookup(l.object.name) === b) {
        return this.destination(a.node.right, a.scope);
      }
    }
    return null;
  }

  /** `event.request` (or its clone) of a service worker's `fetch` event: `addEventListener('fetch', e => …)`, `onfetch = …`. */
  #fetchEventRequest(e: any, scope: Scope, depth: number): boolean {
    if (depth > 4) return false;
    if (e.type === 'AwaitExpression') return this.#fetchEventRequest(e.argument, scope, depth + 1);
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && this.#propName(e.callee, scope) === 'clone') return this.#fetchEventRequest(e.callee.object, scope, depth + 1);
    if (e.type === 'Identifier') {
      const b = scope.lookup(e.name);
      if (b === null) return false;
      if (b.defs.length === 1 && b.writes === 1) return this.#fetchEventRequest(b.defs[0]!.node, b.defs[0]!.scope, depth + 1);
      // `function (e) { var request = e.request … }` seen through destructuring: `({ request }) => …`
      return b.kind === 'param' && b.name === 'request' && b.scope.fn !== null && this.#isFetchHandler(b.scope.fn);
    }
    if (e.type !== 'MemberExpression' || this.#propName(e, scope) !== 'request' || e.object.type !== 'Identifier') return false;
    const b = scope.lookup(e.object.name);
    if (b === null || b.kind !== 'param' || b.scope.fn === null) return false;
    const fn = b.scope.fn as any;
    return fn.params[0]?.type === 'Identifier' && fn.params[0].name === b.name && this.#isFetchHandler(fn);
  }

  #isFetchHandler(fn: any): boolean {
    const call = this.#callbackCall(fn);
    if (call !== undefined) {
      const c = call.node.callee;
      const a = call.node.arguments;
      return c.type === 'MemberExpression' && this.#propName(c, call.scope) === 'addEventListener' && a.length >= 2 && a[1] === fn
        && this.ev.resolveString(a[0], call.scope)?.value === 'fetch';
    }
    const owner = this.facts.assigns.find((x) => x.node.right === fn);
    return owner !== undefined && owner.prop === 'onfetch';
  }

  /**
   * The event names a listener registration can take: its own string(s), or the names a loop or a
   * `forEach` callback hands it (`['input', 'keyup'].forEach(function (t) { d.addEventListener(t, fn) })`).
   * Not what the callers of a helper pass: an event library's `on(el, type, fn)` serves every event.
   */
  #eventNames(arg: any, scope: Scope): string[] {
    const own = this.#ownCandidates(arg, scope);
    if (own.length > 0) return own.map((c) => c.value);
    if (arg.type !== 'Identifier') return [];
    const b = scope.lookup(arg.name);
    if (b === null || (b.kind === 'param' && (b.scope.fn === null || !this.#callbackCall(b.scope.fn)))) return [];
    return this.#candidates(arg, scope).slice(0, 20).map((c) => c.value);
  }

  #callEncoder(call: CallRec, name: string, obj: any, objName: string | null, args: any[]): void {
    const n = call.node;
    const facts = this.facts;
    if ((name === 'btoa' || name === 'encode' && objName && /base64|b64/i.test(objName)) && this.#basicAuth(n)) {
      // `'Basic ' + btoa(user + ':' + password)`: an Authorization header, not data hidden on its way out
    } else if (name === 'btoa' || (name === 'encrypt' && obj) || name === 'encode' && objName && /base64|b64/i.test(objName)) {
      this.#encoders.set(call.gid, { name: objName ? `${objName}.${name}` : name, node: n });
    } else if (name === 'reverse' && obj && obj.type === 'CallExpression' && obj.callee.type === 'MemberExpression' && this.#propName(obj.callee, call.scope) === 'split'
      && this.ev.resolveString(obj.arguments[0], call.scope)?.value === '') {
      this.#encoders.set(call.gid, { name: "split('').reverse()", node: n });
    } else if (name === 'toString' && args.length && this.ev.resolveString(args[0], call.scope)?.value === 'base64') {
      this.#encoders.set(call.gid, { name: "toString('base64')", node: n });
    } else if (!obj && n.callee.type === 'Identifier') {
      const b = call.scope.lookup(name);
      const rec = b?.fn ? facts.fnByNode.get(b.fn) : undefined;
      const hex = rec && !rec.b64Alphabet && !rec.xor && rec.charCode && hexDigits(rec.node);
      if (rec && (rec.b64Alphabet || (rec.xor && rec.charCode) || hex) && args.length > 0) {
        this.#encoders.set(call.gid, { name: `${name}() (${rec.b64Alphabet ? 'base64' : hex ? 'hex' : 'XOR'} encoder)`, node: n });
      }
    }
  }

  /** `objectStore(…)` calls of the script (null when it has none: most scripts). */
  #indexedDbStores(): Set<any> | null {
    let out: Set<any> | null = null;
    for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) if (calls[ci]!.plain === 'objectStore') (out ??= new Set()).add(calls[ci]!.node);
    return out;
  }

  /** Whether an expression is an IndexedDB object store: an `objectStore(…)` call, or a name bound once to one. */
  #onStore(e: any, scope: Scope, stores: Set<any>): boolean {
    if (stores.has(e)) return true;
    if (e.type !== 'Identifier') return false;
    const b = scope.lookup(e.name);
    return b !== null && b.defs.length === 1 && stores.has(b.defs[0]!.node);
  }

  /** Whether an encoder call is the credentials of an HTTP Basic Authorization header (`'Basic ' + btoa(…)`). */
  #basicAuth(n: any): boolean {
    if (this.source === null || n.start < 6) return false;
    return /Basic\s*(?:["'`]\s*\+\s*|\$\{\s*)$/.test(this.source.slice(Math.max(0, n.start - 16), n.start));
  }

  #callSink(call: CallRec, name: string, obj: any, objName: string | null, args: any[], st: ClassifyState): void {
    const n = call.node;
    const isNew = n.type === 'NewExpression';
    const { addSink, xhrUrls, sendCalls } = st;
    if (name === 'fetch' && (!obj || (objName !== null && GLOBAL_OBJECTS.has(objName)))) {
      addSink('fetch', 'fetch', n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args, call.scope));
    } else if (name === 'sendBeacon') {
      addSink('beacon', 'navigator.sendBeacon', n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args, call.scope));
    } else if (isNew && (name === 'WebSocket' || name === 'MozWebSocket')) {
      addSink('websocket', 'new WebSocket', n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args.slice(0, 1), call.scope) && this.destination(args[0], call.scope).kind !== 'computed');
    } else if (isNew && name === 'EventSource') {
      addSink('eventsource', 'new EventSource', n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args.slice(0, 1), call.scope));
    } else if (name === 'open' && obj && args.length >= 2) {
      const m = this.ev.resolveString(args[0], call.scope);
      if ((m && HTTP_METHODS.test(m.value)) || this.hasKind(obj, call.scope, 'xhr')) {
        for (const key of this.#objKeys(obj, call.scope)) xhrUrls.set(key, { node: args[1], scope: call.scope, gid: call.gid });
      } else if (objName === 'window' || (!obj && name === 'open')) {
        addSink('navigation', 'window.open', n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args.slice(0, 1), call.scope));
      }
    } else if (name === 'open' && !obj && args.length >= 1) {
      addSink('navigation', 'window.open', n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args.slice(0, 1), call.scope));
    } else if (name === 'send' && obj) {
      sendCalls.push({ call, obj, args });
    } else if (name === 'emit' && obj && args.length >= 2) {
      const io = this.hasKind(obj, call.scope, 'socketio');
      if (io) addSink('websocket', 'socket.io emit', n, call.scope, call.gid, this.destination(io.node.arguments[0], io.scope), this.#dynamic(args.slice(1), call.scope));
    } else if (name === 'postMessage' && obj && args.length >= 1) {
      const w = this.hasKind(obj, call.scope, 'worker');
      let dest = w ? this.#blobWorkerDestination(w.node, w.scope) : null;
      // a worker that sends wherever the message says: the URL the message carries (`{ u: E + '?sid=' + t, p: data }`)
      if (dest !== null && dest.kind === 'computed') dest = this.#messageUrl(args[0], call.scope) ?? dest;
      if (dest) addSink('worker', 'Worker.postMessage', n, call.scope, call.gid, dest, this.#dynamic(args.slice(0, 1), call.scope));
      else if (!w && args.length >= 2) {
        // `frame.contentWindow.postMessage(msg, 'https://other.example')`: handed to a page of that
        // origin, which can send it on (a targetOrigin of '*' or the page's own names no receiver)
        const origin = this.ev.resolveString(args[1], call.scope);
        if (origin !== null && /^https?:\/\/[^/]/i.test(origin.value)) {
          addSink('iframe', 'postMessage', n, call.scope, call.gid, this.destination(args[1], call.scope), this.#dynamic(args.slice(0, 1), call.scope));
        } else {
          // `f.src = U; … f.contentWindow.postMessage(data, '*')`: handed to the page the script's own frame loads
          const src = this.#frameSrc(obj, call.scope);
          if (src !== null) addSink('iframe', 'postMessage to frame', n, call.scope, call.gid, src, this.#dynamic(args.slice(0, 1), call.scope));
        }
      }
    } else if (AJAX_METHODS.has(name) && obj && objName !== null && AJAX_OBJECTS.test(objName)) {
      let urlNode: any = args[0];
      if (urlNode && urlNode.type === 'ObjectExpression') {
        const p = urlNode.properties.find((q: any) => q.type === 'Property' && !q.computed && (q.key.name === 'url' || q.key.value === 'url'));
        urlNode = p ? p.value : null;
      }
      addSink('ajax', `${objName}.${name}`, n, call.scope, call.gid, this.destination(urlNode, call.scope), this.#dynamic(args, call.scope));
    } else if (!obj && (name === 'axios' || name === 'ajax') && args.length) {
      addSink('ajax', name, n, call.scope, call.gid, this.destination(args[0]?.type === 'ObjectExpression' ? null : args[0], call.scope), this.#dynamic(args, call.scope));
    } else if (name === 'getScript' && obj) {
      addSink('script', `${objName}.getScript`, n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args.slice(0, 1), call.scope));
    } else if ((name === 'setAttribute' || ((name === 'attr' || name === 'prop') && this.#jqueryObject(obj, call.scope))) && obj && args.length >= 2) {
      // `el.setAttribute('action', url)`, jQuery's `$form.attr('action', url)`
      const attr = this.ev.resolveString(args[0], call.scope)?.value.toLowerCase();
      const api = (a: string) => `${name}('${a}')`;
      if (attr === 'ping') {
        addSink('beacon', api('ping'), n, call.scope, call.gid, this.destination(args[1], call.scope), this.#dynamic(args.slice(1, 2), call.scope));
      } else if (attr === 'srcset') {
        if (this.#elementSink(obj, call.scope, 'src') === 'image') addSink('image', api('srcset'), n, call.scope, call.gid, this.destination(args[1], call.scope), this.#dynamic(args.slice(1, 2), call.scope));
      } else if (attr === 'src' || attr === 'href' || attr === 'action' || attr === 'data') {
        const kind = this.#elementSink(obj, call.scope, attr);
        if (kind) addSink(kind, api(attr), n, call.scope, call.gid, this.destination(args[1], call.scope), this.#dynamic(args.slice(1, 2), call.scope));
      }
    } else if ((name === 'write' || name === 'writeln') && objName === 'document') {
      this.#markupSink(n, args[0], call.scope, call.gid, 'document.write', addSink);
    } else if (name === 'assign' && objName === 'Object' && args.length >= 2) {
      // Object.assign(document.createElement('img'), { src: url })
      const kinds = this.kindOf(args[0], call.scope).map((o) => o.kind);
      const kind: SinkKind | null = kinds.includes('image') ? 'image' : kinds.includes('script') ? 'script' : kinds.includes('iframe') ? 'iframe' : null;
      for (const o of kind ? args.slice(1) : []) {
        if (o.type !== 'ObjectExpression') continue;
        const p = o.properties.find((q: any) => q.type === 'Property' && !q.computed && (q.key.name === 'src' || q.key.value === 'src'));
        if (p) addSink(kind!, `${kind}.src`, n, call.scope, call.gid, this.destination(p.value, call.scope), this.#dynamic([p.value], call.scope));
      }
    } else if ((name === 'assign' || name === 'replace') && objName && /(^|\.)location$/.test(objName)) {
      addSink('navigation', `location.${name}`, n, call.scope, call.gid, this.destination(args[0], call.scope), this.#dynamic(args.slice(0, 1), call.scope));
    } else if (name === 'setItem' && obj && this.hasKind(obj, call.scope, 'storage')) {
      addSink('storage', `${objName ?? 'storage'}.setItem`, n, call.scope, call.gid, { kind: 'relative', url: null, host: null }, true);
      this.#storageWrites.push(call.gid);
    } else if (name === 'getItem' && obj && this.hasKind(obj, call.scope, 'storage')) {
      this.#storageReads.push(call.gid);
    } else if ((name === 'pushState' || name === 'replaceState') && args.length >= 3 && obj && isHistory(obj)) {
      // data put in the page's own URL: it stays there for the session, and goes out as the Referer of
      // the page's requests (to other sites only with a full-URL referrer policy, see flows())
      addSink('storage', `history.${name}`, n, call.scope, call.gid, { kind: 'relative', url: null, host: null }, this.#dynamic(args.slice(2, 3), call.scope));
      this.#urlWrites.push(call.gid);
    } else if ((name === 'insertRule' || name === 'setProperty') && obj && args.length >= 1) {
      this.#cssSink(n, args[name === 'setProperty' ? 1 : 0], call.scope, call.gid, name, addSink);
    } else if (name === 'FontFace' && !obj && args.length >= 2) {
      // `new FontFace(family, 'url(…)')`: loading the face fetches the URL
      this.#cssSink(n, args[1], call.scope, call.gid, 'new FontFace', addSink);
    } else if (name === 'createTextNode' && args.length === 1) {
      // the text of a <style> element: `st.appendChild(document.createTextNode('.x{background:url(' + u + ')}'))`
      this.#cssSink(n, args[0], call.scope, call.gid, name, addSink, true);
    } else if (name === 'insertAdjacentHTML' && args.length >= 2) {
      this.#markupSink(n, args[1], call.scope, call.gid, 'insertAdjacentHTML', addSink);
    }
  }

  /** Keys identifying the object a method is called on: its binding (or `this.x` pseudo-binding). */
  #objKeys(obj: any, scope: Scope): any[] {
    if (obj.type === 'Identifier') {
      const b = scope.lookup(obj.name);
      return b ? [b] : [obj.name];
    }
    if (obj.type === 'MemberExpression' && obj.object.type === 'ThisExpression' && !obj.computed) {
      const b = scope.root().vars.get('#this.' + obj.property.name);
      return b ? [b] : [];
    }
    if (obj.type === 'MemberExpression') return [this.#objName(obj, scope) ?? obj];
    return [obj];
  }

  #callsOf: Map<any, CallRec[]> | null = null;

  /**
   * Possible string values of a lookup argument: its constant value, or, when it depends on a
   * parameter, the values callers pass (`q('cc_number')`, `['cc-number','cc-csc'].forEach(fn)`).
   */
  /**
   * Sources of a lookup call. A value its argument takes at a helper's call site (`$q(root, '#cc')` of
   * `function $q(e, s) { return e.querySelector(s); }`) makes that call site the source, not the
   * helper's lookup, whose result would otherwise reach every caller of the helper.
   */
  #lookupSources(method: string, arg: any, call: CallRec, addSource: (d: SourceDesc, node: any, gid: number) => void): void {
    let best: SourceDesc | null = null;
    const atCaller = new Map<CallRec, SourceDesc>();
    // `has`, `is`, `filter`, `find` are Set/Map/Array methods far more often than jQuery's: only the
    // selector written at the call counts, not values a parameter may take at the callers
    const cands = SHARED_METHOD_NAMES.has(method) ? this.#ownCandidates(arg, call.scope) : this.#candidates(arg, call.scope);
    for (const r of cands) {
      const c = classifyLookup(method, r.value) ?? this.#labelSweep(method, r.value) ?? this.#injectedLookup(method, r.value);
      if (!c) continue;
      const d = { ...c, hidden: r.hidden };
      if (r.via) {
        const cur = atCaller.get(r.via);
        if (!cur || sourceRank(d) < sourceRank(cur)) atCaller.set(r.via, d);
      } else if (best === null || sourceRank(d) < sourceRank(best)) best = d;
    }
    if (best) addSource(best, call.node, call.gid);
    for (const [site, d] of atCaller) addSource({ ...d, atCaller: true }, site.node, site.gid);
  }

  #injected: Map<string, FieldRole> | null = null;

  /**
   * A field of markup the script writes itself (a fake payment form), looked up by the id or name the
   * markup gives it: `getElementById('sx-cn')` is the card number when the script wrote
   * `<label>Card number</label><input id="sx-cn">`, whatever the id says.
   */
  #injectedLookup(method: string, value: string): SourceDesc | null {
    const key = LOOKUP_BY_ID.has(method) || LOOKUP_BY_NAME.has(method) ? value
      : /^\s*(?:input)?(?:#([\w-]+)|\[\s*(?:name|id)\s*=\s*["']?([^"'\]]+)["']?\s*\])\s*$/.exec(value)?.slice(1).find((x) => x !== undefined);
    if (!key) return null;
    const role = (this.#injected ??= this.#injectedFields()).get(key);
    return role ? { cls: classOfRole(role), role, how: `${method}('${value.slice(0, 80)}'), a ${role} field of markup the script writes` } : null;
  }

  /** Ids and names of the payment fields in the markup the script writes (innerHTML, insertAdjacentHTML, document.write, jQuery). */
  #injectedFields(): Map<string, FieldRole> {
    const out = new Map<string, FieldRole>();
    const scan = (arg: any, scope: Scope) => {
      if (!arg || out.size > 64) return;
      const html = this.ev.prefix(arg, scope).value;
      if (html.includes('<input') || html.includes('<INPUT')) for (const [k, role] of markupPaymentFields(html)) out.set(k, role);
    };
    for (const a of this.facts.assigns) if (a.prop === 'innerHTML' || a.prop === 'outerHTML') scan(a.node.right, a.scope);
    for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      const args = call.node.arguments;
      if (call.plain === 'insertAdjacentHTML') scan(args[1], call.scope);
      else if (call.plain === 'write' || call.plain === 'writeln' || call.plain === 'html' || call.plain === 'append' || call.plain === 'prepend') scan(args[0], call.scope);
      else if (call.plain === null && call.node.callee.type === 'Identifier' && JQUERY_NAMES.has(call.node.callee.name)) scan(args[0], call.scope);
    }
    return out;
  }

  /**
   * Every `<label>` of the page in a script that goes from labels to their fields (`label.control`,
   * `label.htmlFor`): the fields are found by what their labels say, whatever their names are.
   */
  #labelSweep(method: string, value: string): SourceDesc | null {
    if (method !== 'querySelectorAll' && method !== 'getElementsByTagName' && !JQUERY_FUNCS.test(method)) return null;
    // `label`, or a list with it (`'label, [aria-label]'`)
    if (this.facts.labelLinks && value.split(',').some((part) => /^\s*label\s*$/i.test(part))) {
      return { cls: 'sweep', role: null, how: `${method}('${value.trim()}'): fields found by their labels` };
    }
    // every element with an accessible name (`'[aria-label], [aria-labelledby]'`), in a script that tells
    // card fields apart by such names (`/card number|cvv/i`)
    if (this.facts.cardWordPattern && value.split(',').every((part) => /^\s*(?:input|select|textarea)?\[\s*(?:aria-label|aria-labelledby|placeholder|title)\s*\]\s*$/i.test(part))) {
      return { cls: 'sweep', role: null, how: `${method}('${value.trim()}'): fields found by their accessible names` };
    }
    return null;
  }

  /** Of the values a lookup's argument may take (`fields.map(n => byName(n))`), the most sensitive field. */
  #bestLookup(method: string, arg: any, scope: Scope): SourceDesc | null {
    let best: SourceDesc | null = null;
    for (const r of this.#candidates(arg, scope)) {
      const d = classifyLookup(method, r.value);
      if (d && (best === null || sourceRank(d) < sourceRank(best))) best = { ...d, hidden: r.hidden };
    }
    return best;
  }

  /** Memo of #candidates per depth (an argument node always has the same scope). */
  #candMemo: Array<Map<any, Candidate[]>> = [new Map(), new Map(), new Map()];

  #candidates(arg: any, scope: Scope, depth = 0): Candidate[] {
    if (!arg || depth > 2) return [];
    const memo = this.#candMemo[depth]!;
    let out = memo.get(arg);
    if (out === undefined) {
      out = this.#candidates1(arg, scope, depth);
      memo.set(arg, out);
    }
    return out;
  }

  /** The values an argument has at the call itself: its string, or every string of a constant array it indexes (`ids[i]`). */
  #ownCandidates(arg: any, scope: Scope): Candidate[] {
    const r = this.ev.resolveString(arg, scope);
    if (r) return [r];
    // a table lookup with an unknown key, alone or inside a concatenation: `ids[i]`,
    // `prefix + FIELDS[k]` — one candidate per string of the constant array or object
    // `u(T[i])`, `[3, 4].forEach(function (i) { u(i) })`: the script's decoder run on each row of a constant table
    if (arg.type === 'CallExpression' && arg.arguments.length === 1 && (arg.callee.type === 'Identifier' || arg.callee.type === 'MemberExpression')) {
      const rows = this.#rowValues(arg.arguments[0], scope);
      if (rows === null) return [];
      const out: Candidate[] = [];
      for (const row of rows.slice(0, 40)) {
        const r = this.ev.applyTo(arg.callee, scope, [row as Val]);
        if (r !== null && typeof r.value === 'string') out.push({ value: r.value, hidden: true });
      }
      return out;
    }
    const table = arg.type === 'MemberExpression' ? arg : arg.type === 'BinaryExpression' && arg.operator === '+' ? this.#tableLookupIn(arg, 0) : null;
    if (table === null || !table.computed) return [];
    const t = this.ev.evaluate(table.object, scope);
    if (!t || t.value === null || typeof t.value !== 'object') return [];
    const values = tableStrings(t.value);
    if (table === arg) return values.map((v) => ({ value: v, hidden: t.hidden }));
    const out: Candidate[] = [];
    for (const v of values) {
      const str = this.#substitute(arg, scope, (x) => x === table, v);
      if (str !== null) out.push({ value: str, hidden: t.hidden });
    }
    return out;
  }

  /**
   * `ids[key]` where `key` is a parameter and every caller passes a constant key: the entry each caller
   * names, at that caller (`$('email')` of `$ = function (key) { return byId(ids[key]); }` reads the
   * email field, not every field of the table).
   */
  #keyedByCallers(arg: any, scope: Scope, depth: number, lists = false): Candidate[] | null {
    const b = scope.lookup(arg.property.name);
    const fnNode = b?.kind === 'param' ? (b.scope.fn as any) : null;
    const index = fnNode ? fnNode.params.findIndex((p: any) => p.type === 'Identifier' && p.name === b!.name) : -1;
    if (index < 0) return null;
    const callers = this.#callersOf(fnNode);
    if (callers.length === 0 || callers.length > 40) return null;
    const t = this.ev.evaluate(arg.object, scope);
    if (t === null || t.value === null || typeof t.value !== 'object' || Array.isArray(t.value) || t.value instanceof Closure || t.value instanceof Native) return null;
    const table = t.value as Record<string, unknown>;
    const out: Candidate[] = [];
    for (const call of callers) {
      // the caller's key may itself take several values (`['name', 'email'].forEach(function (k) { $(k) })`)
      const keys = this.#candidates(call.node.arguments[index], call.scope, depth + 1);
      if (keys.length === 0) return null;
      for (const k of keys.slice(0, 20)) {
        const v = Object.prototype.hasOwnProperty.call(table, k.value) ? table[k.value] : undefined;
        if (typeof v === 'string' && !lists) out.push({ value: v, hidden: t.hidden || k.hidden, via: k.via ?? call });
        // `lists`: the entry is a list of strings, each a value (`M[k][i]`)
        if (Array.isArray(v) && lists) for (const x of v.slice(0, 20)) if (typeof x === 'string') out.push({ value: x, hidden: t.hidden || k.hidden, via: k.via ?? call });
      }
    }
    return out;
  }

  /** The values an expression takes row by row: `T[i]` of a constant array T, or a name walking T's rows (see #rowsOf). */
  #rowValues(e: any, scope: Scope): unknown[] | null {
    if (e.type === 'Identifier') return this.#rowsOf(e, scope)?.values ?? null;
    if (e.type !== 'MemberExpression' || !e.computed) return null;
    const t = this.ev.evaluate(e.object, scope);
    return t !== null && Array.isArray(t.value) ? t.value : null;
  }

  /**
   * `list[i]` where `list = s.split(',')`: each part of each value `s` takes (`fieldVal('#cc,#card')`
   * trying every selector of a list in turn); null when `arg` is no such lookup.
   */
  #splitPartCandidates(arg: any, scope: Scope, depth: number): Candidate[] | null {
    if (arg.type !== 'MemberExpression' || !arg.computed || arg.object.type !== 'Identifier') return null;
    const b = scope.lookup(arg.object.name);
    const d = b !== null && b.writes === 1 && b.defs.length === 1 ? b.defs[0]!.node : null;
    if (d === null || d.type !== 'CallExpression' || d.callee.type !== 'MemberExpression' || d.callee.computed || (d.callee.property as any).name !== 'split') return null;
    const sep = d.arguments.length === 1 && d.arguments[0].type === 'Literal' && typeof d.arguments[0].value === 'string' ? d.arguments[0].value : null;
    if (sep === null || sep === '') return null;
    const out: Candidate[] = [];
    for (const c of this.#candidates(d.callee.object, b!.defs[0]!.scope, depth + 1).slice(0, 20)) {
      for (const part of c.value.split(sep).slice(0, 20)) if (part.trim() !== '') out.push({ ...c, value: part.trim() });
    }
    return out.length > 0 ? out : null;
  }

  /** The one computed member expression among the operands of a `+` chain, if any. */
  #tableLookupIn(n: any, depth: number): any | null {
    if (depth > 6) return null;
    if (n.type === 'MemberExpression' && n.computed) return n;
    if (n.type !== 'BinaryExpression' || n.operator !== '+') return null;
    return this.#tableLookupIn(n.left, depth + 1) ?? this.#tableLookupIn(n.right, depth + 1);
  }


  #candidates1(arg: any, scope: Scope, depth: number): Candidate[] {
    if (arg.type === 'MemberExpression' && arg.computed && arg.property.type === 'Identifier') {
      const keyed = this.#keyedByCallers(arg, scope, depth);
      if (keyed !== null) return keyed;
      // `M[k][i]`: any entry of the list the caller's key names (`M = { number: ['[data-stripe=number]', …] }`)
      const o = arg.object;
      if (o.type === 'MemberExpression' && o.computed && o.property.type === 'Identifier') {
        const lists = this.#keyedByCallers(o, scope, depth, true);
        if (lists !== null && lists.length > 0) return lists;
      }
      // `M[k][i]` with a key the script iterates (`Object.keys(M).forEach(k => …)`): any entry of any list
      if (o.type === 'MemberExpression' && o.computed && o.property.type !== 'Literal') {
        const t = this.ev.evaluate(o.object, scope);
        if (t && t.value !== null && typeof t.value === 'object' && !(t.value instanceof Closure) && !(t.value instanceof Native)) {
          const out: Candidate[] = [];
          for (const row of (Array.isArray(t.value) ? t.value : Object.values(t.value)).slice(0, 20)) {
            if (Array.isArray(row)) for (const v of row.slice(0, 20)) if (typeof v === 'string') out.push({ value: v, hidden: t.hidden });
          }
          if (out.length > 0) return out;
        }
      }
    }
    const own = this.#ownCandidates(arg, scope);
    if (own.length > 0) return own;
    // `arguments[i]` in a variadic helper (`pick('#cc', '[name=cardnumber]')`): any argument its callers pass
    if (arg.type === 'MemberExpression' && arg.computed && arg.object.type === 'Identifier' && arg.object.name === 'arguments' && scope.lookup('arguments') === null) {
      let s: Scope | null = scope;
      while (s !== null && (s.fn as any)?.type === 'ArrowFunctionExpression') s = s.parent;
      const fnNode = s?.fn as any;
      if (!fnNode) return [];
      const out: Candidate[] = [];
      for (const call of this.#callersOf(fnNode).slice(0, 20)) {
        for (const a of call.node.arguments.slice(0, 10)) for (const v of this.#candidates(a, call.scope, depth + 1).slice(0, 20)) out.push({ ...v, via: v.via ?? call });
      }
      return out;
    }
    const parts = this.#splitPartCandidates(arg, scope, depth);
    if (parts !== null) return parts;
    if (arg.type === 'Identifier') {
      const b = scope.lookup(arg.name);
      // `var key = u(T[i])`: what its one definition takes
      const d = b !== null && b.kind !== 'param' && b.writes === 1 && b.defs.length === 1 ? b.defs[0]!.node : null;
      if (d !== null && d.type === 'CallExpression') {
        const fromDef = this.#candidates(d, b!.defs[0]!.scope, depth + 1);
        if (fromDef.length > 0) return fromDef;
      }
      const it = b ? this.#iterationCandidates(b) : [];
      if (it.length > 0) return it;
    }
    // `x[1]` where `x` walks the rows of a constant table: `F.forEach(function (x) { $(x[1]) })`, `for (const x of F)`
    if (arg.type === 'MemberExpression' && arg.object.type === 'Identifier') {
      const key = !arg.computed ? (arg.property.name ?? null) : arg.property.type === 'Literal' ? String(arg.property.value) : null;
      const rows = key !== null ? this.#rowsOf(arg.object, scope) : null;
      if (rows !== null) {
        const out: Candidate[] = [];
        for (const row of rows.values) {
          const v = row !== null && typeof row === 'object' && !(row instanceof Closure) && !(row instanceof Native) ? (row as any)[key!] : undefined;
          if (typeof v === 'string') out.push({ value: v, hidden: rows.hidden });
        }
        if (out.length > 0) return out;
      }
    }
    // `'[id$="_' + list[i] + '"]'` where `list` is a parameter: each string of the arrays the callers
    // pass, in its place
    if (arg.type === 'BinaryExpression' && arg.operator === '+') {
      const table = this.#tableLookupIn(arg, 0);
      if (table !== null && table.object.type === 'Identifier') {
        const b = scope.lookup(table.object.name);
        const fnNode = b?.kind === 'param' ? (b.scope.fn as any) : null;
        const index = fnNode ? fnNode.params.findIndex((p: any) => p.type === 'Identifier' && p.name === b!.name) : -1;
        if (index >= 0) {
          const out: Candidate[] = [];
          for (const c of this.#tablesFromCallers(fnNode, index)) {
            const str = this.#substitute(arg, scope, (x) => x === table, c.value);
            if (str !== null) out.push({ ...c, value: str });
          }
          if (out.length > 0) return out;
        }
      }
    }
    // `list[i]` where `list` is a parameter: the strings of the arrays the callers pass
    if (arg.type === 'MemberExpression' && arg.computed && arg.object.type === 'Identifier') {
      const b = scope.lookup(arg.object.name);
      const fnNode = b?.kind === 'param' ? (b.scope.fn as any) : null;
      const index = fnNode ? fnNode.params.findIndex((p: any) => p.type === 'Identifier' && p.name === b!.name) : -1;
      if (index >= 0) return this.#tablesFromCallers(fnNode, index);
    }
    const params = new Set<string>();
    let visited = 0;
    // a concatenation's parts are its left spine (`'a' + 'b' + t + …` nests to the left): they take no depth
    const collect = (n: any, depth: number): boolean => {
      if (depth > 6 || !n || ++visited > 64) return false;
      if (n.type === 'Identifier') {
        const b = scope.lookup(n.name);
        if (b?.kind === 'param') params.add(n.name);
        return true;
      }
      if (n.type === 'BinaryExpression' && n.operator === '+') return collect(n.left, depth) && collect(n.right, depth + 1);
      if (n.type === 'TemplateLiteral') return n.expressions.every((e: any) => collect(e, depth + 1));
      if (n.type === 'Literal') return true;
      // `name.replace('_', '-')`, `key.toLowerCase()`: a string method of a parameter, with constant arguments
      if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && STRING_METHODS.has(n.callee.property.name)
        && n.arguments.every((a: any) => a.type === 'Literal' && !(a.value instanceof RegExp && a.regex?.flags.includes('y')))) return collect(n.callee.object, depth + 1);
      // a constant however written: `dec('0xb') + name + dec('0xc')` (string-array lookups)
      return this.ev.resolveString(n, scope) !== null;
    };
    if (!collect(arg, 0) || params.size === 0) return [];
    if (params.size > 1) return this.#fromCallersAll(arg, scope, params);
    const name = [...params][0]!;
    const b = scope.lookup(name)!;
    const fnNode = b.scope.fn as any;
    if (!fnNode) return [];
    const index = fnNode.params.findIndex((p: any) => p.type === 'Identifier' && p.name === name);
    if (index < 0) return [];
    const values: Candidate[] = [];
    // callback of arr.forEach/map/...: the array's elements
    {
      const call = this.#callbackCall(fnNode);
      if (!call) return this.#fromCallers(arg, scope, name, fnNode, index, values, depth);
      const c = call.node.callee;
      const method = c.type === 'MemberExpression' ? this.#propName(c, call.scope) : null;
      if (index === 0 && method !== null && /^(forEach|map|filter|some|every|each)$/.test(method) && call.node.arguments[0] === fnNode) {
        const arr = this.ev.evaluate(c.object, call.scope);
        if (arr && Array.isArray(arr.value)) for (const v of arr.value.slice(0, 20)) if (typeof v === 'string') values.push({ value: v, hidden: arr.hidden });
      } else if ((method === 'each' || method === 'forEach' || method === 'map') && call.node.arguments[1] === fnNode) {
        // `$.each(table, function (key, value) {…})` hands the values as the second parameter;
        // `_.each(table, function (value, key) {…})` as the first
        const jq = c.object.type === 'Identifier' && JQUERY_NAMES.has(c.object.name) || this.#objName(c.object, call.scope) === 'jQuery';
        if (index === (jq ? 1 : 0)) {
          const t = this.ev.evaluate(call.node.arguments[0], call.scope);
          if (t && t.value !== null && typeof t.value === 'object') {
            for (const v of tableStrings(t.value)) values.push({ value: v, hidden: t.hidden });
          }
        }
      }
    }
    return this.#fromCallers(arg, scope, name, fnNode, index, values, depth);
  }

  /** The rows a name walks when it is a loop variable over a constant array or the element parameter of its `forEach`. */
  #rowsOf(id: any, scope: Scope): { values: unknown[]; hidden: boolean } | null {
    const b = scope.lookup(id.name);
    if (b === null) return null;
    let table: any = null;
    let tableScope: Scope = scope;
    const it = this.#iterationOf(b);
    if (it !== undefined && it.role === 'value') {
      table = it.right;
      tableScope = it.scope;
    } else if (b.kind === 'param' && b.scope.fn !== null) {
      const fnNode = b.scope.fn as any;
      // an inline callback, or a function handed over by name (`c.map(d)`)
      const call = this.#callbackCall(fnNode) ?? this.#namedCallbackCall(fnNode);
      const c = call?.node.callee;
      if (!call || c.type !== 'MemberExpression' || fnNode.params[0]?.type !== 'Identifier' || fnNode.params[0].name !== b.name) return null;
      const method = this.#propName(c, call.scope);
      const a0 = call.node.arguments[0];
      if (method === null || !ITERATION_METHODS.has(method) || (a0 !== fnNode && !(a0?.type === 'Identifier' && call.scope.lookup(a0.name)?.fn === fnNode))) return null;
      table = c.object;
      tableScope = call.scope;
    }
    if (table === null) return null;
    const t = this.ev.evaluate(table, tableScope);
    return t !== null && Array.isArray(t.value) ? { values: t.value.slice(0, 40), hidden: t.hidden } : null;
  }

  #namedCallbacks: Map<any, CallRec> | null = null;

  /** The `list.forEach(fn)` / `list.map(fn)` call a named function is handed to, if any. */
  #namedCallbackCall(fnNode: any): CallRec | undefined {
    if (this.#namedCallbacks === null) {
      const m = (this.#namedCallbacks = new Map());
      for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) {
        const call = calls[ci]!;
        if (call.plain === null || !ITERATION_METHODS.has(call.plain)) continue;
        const a0 = call.node.arguments[0];
        const fn = a0?.type === 'Identifier' ? call.scope.lookup(a0.name)?.fn : undefined;
        if (fn && !m.has(fn)) m.set(fn, call);
      }
    }
    return this.#namedCallbacks.get(fnNode);
  }

  #iterated: Map<Binding, { right: any; scope: Scope; role: 'value' | 'key' | 'entry-key' | 'entry-value' }> | null = null;

  /** The collection a loop variable walks (`for (const f of document.forms)`), and which part of it the variable holds. */
  #iterationOf(b: Binding): { right: any; scope: Scope; role: 'value' | 'key' | 'entry-key' | 'entry-value' } | undefined {
    if (!this.#iterated) {
      this.#iterated = new Map();
      for (const it of this.facts.iterations) {
        const p = it.pattern;
        const put = (id: any, role: 'value' | 'key' | 'entry-key' | 'entry-value') => {
          const lb = id?.type === 'Identifier' ? it.scope.lookup(id.name) : null;
          if (lb && !this.#iterated!.has(lb)) this.#iterated!.set(lb, { right: it.right, scope: it.scope, role });
        };
        if (p.type === 'Identifier') put(p, it.keys ? 'key' : 'value');
        else if (p.type === 'ArrayPattern' && !it.keys) {
          put(p.elements[0], 'entry-key');
          put(p.elements[1], 'entry-value');
        }
      }
    }
    return this.#iterated.get(b);
  }

  /** Strings a loop variable takes: the values (or keys) of the constant table it iterates. */
  #iterationCandidates(b: Binding): Candidate[] {
    const it = this.#iterationOf(b);
    if (!it) return [];
    let table = it.right;
    let role = it.role;
    // Object.entries(T) / Object.values(T) / Object.keys(T)
    if (table.type === 'CallExpression' && table.callee.type === 'MemberExpression' && this.#objName(table.callee.object, it.scope) === 'Object') {
      const m = this.#propName(table.callee, it.scope);
      if (m === 'values' && role === 'value') role = 'entry-value';
      else if (m === 'keys' && role === 'value') role = 'entry-key';
      else if (m !== 'entries') return [];
      table = table.arguments[0];
      if (!table) return [];
    } else if (role === 'entry-key' || role === 'entry-value') {
      // `for (const [key, sel] of [['pan', '#cc'], …])`: the first or second of each row
      const rows = this.ev.evaluate(table, it.scope);
      if (!rows || !Array.isArray(rows.value)) return [];
      const i = role === 'entry-key' ? 0 : 1;
      return rows.value.slice(0, 20).map((row: unknown) => (Array.isArray(row) ? row[i] : undefined))
        .filter((v): v is string => typeof v === 'string').map((v) => ({ value: v, hidden: rows.hidden }));
    }
    // `for (const s of list)` where `list` is a parameter: the strings of the lists the callers pass
    if (role === 'value' && table.type === 'Identifier') {
      const pb = it.scope.lookup(table.name);
      const fnNode = pb?.kind === 'param' ? (pb.scope.fn as any) : null;
      const index = fnNode ? fnNode.params.findIndex((p: any) => p.type === 'Identifier' && p.name === pb!.name) : -1;
      if (index >= 0) return this.#tablesFromCallers(fnNode, index).slice(0, 40);
    }
    const t = this.ev.evaluate(table, it.scope);
    if (!t || t.value === null || typeof t.value !== 'object') return [];
    const keys = role === 'key' || role === 'entry-key';
    const vals: unknown[] = Array.isArray(t.value) ? (keys ? t.value.map((_: unknown, i: number) => String(i)) : t.value) : keys ? Object.keys(t.value) : Object.values(t.value);
    return vals.slice(0, 20).filter((v): v is string => typeof v === 'string').map((v) => ({ value: v, hidden: t.hidden }));
  }

  /** Flow-graph node of a call expression. */
  #callGid(node: any): number | undefined {
    return this.facts.callByNode.get(node)?.gid;
  }

  /** The call a function expression is passed to (`els.each(function () {…})`), if any. */
  #callbackCall(fnNode: any): CallRec | undefined {
    return this.facts.callbackOf.get(fnNode);
  }
  /** Listener registrations on payment fields: the handler's parameters and `this.value` carry the field. */
  #handlerSources: Array<{ gid: number; fn: any }> = [];
  /** `document.activeElement` reads: inside a document-wide key/input handler, the field being typed in. */
  #activeElementReads: MemberRec[] = [];

  /** What a listener is bound to, when that is a payment field or a whole form: `$(doc).on(ev, 'input[name^=payment]', fn)`, `cc.addEventListener`, `els.forEach(el => el.addEventListener…)`. */
  #listenerSubject(method: string, obj: any, args: any[], scope: Scope): SourceDesc | null {
    if ((method === 'on' || method === 'live' || method === 'delegate') && args.length >= 3) {
      const sel = this.ev.resolveString(args[method === 'delegate' ? 0 : 1], scope);
      if (sel) return classifyLookup('querySelectorAll', sel.value);
    }
    return this.#lookupDesc(obj, scope, 0);
  }

  #lookupDesc(node: any, scope: Scope, depth: number): SourceDesc | null {
    if (!node || depth > 3) return null;
    if (node.type === 'CallExpression') {
      const c = node.callee;
      const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? this.#propName(c, scope) : null;
      if (!name || !node.arguments.length) return null;
      if (!(LOOKUP_BY_ID.has(name) || LOOKUP_BY_NAME.has(name) || LOOKUP_BY_SELECTOR.has(name) || LOOKUP_BY_TAG.has(name) || JQUERY_FUNCS.test(name))) return null;
      return this.#bestLookup(JQUERY_FUNCS.test(name) ? 'querySelectorAll' : name, node.arguments[0], scope);
    }
    if (node.type === 'Identifier') {
      const b = scope.lookup(node.name);
      if (!b) return null;
      if (b.kind === 'param') {
        // el in lookup(...).forEach(function (el) { … })
        const fnNode = b.scope.fn as any;
        if (!fnNode || fnNode.params[0]?.type !== 'Identifier' || fnNode.params[0].name !== node.name) return null;
        const call = this.#callbackCall(fnNode);
        const c = call?.node.callee;
        if (!call || c.type !== 'MemberExpression' || !/^(forEach|each|map)$/.test(this.#propName(c, call.scope) ?? '')) return null;
        return this.#lookupDesc(c.object, call.scope, depth + 1);
      }
      if (b.defs.length === 1) return this.#lookupDesc(b.defs[0]!.node, b.defs[0]!.scope, depth + 1);
      return null;
    }
    if (node.type === 'MemberExpression' && node.computed) return this.#lookupDesc(node.object, scope, depth + 1); // els[i]
    // `root.querySelectorAll ? root.querySelectorAll(sel) : []`, `$(sel) || []`: the lookup of either branch
    if (node.type === 'ConditionalExpression') return this.#lookupDesc(node.consequent, scope, depth + 1) ?? this.#lookupDesc(node.alternate, scope, depth + 1);
    if (node.type === 'LogicalExpression') return this.#lookupDesc(node.right, scope, depth + 1) ?? this.#lookupDesc(node.left, scope, depth + 1);
    return null;
  }

  /** Strings of the constant arrays (or objects) the callers of a function pass as parameter `index`. */
  #tablesFromCallers(fnNode: any, index: number): Candidate[] {
    const out: Candidate[] = [];
    // `c.map(d)`: d's first parameter is each row of c
    if (index === 0) {
      const p = fnNode.params[0];
      const rows = p?.type === 'Identifier' ? this.#rowsOf(p, this.facts.fnScope(fnNode) ?? this.facts.global) : null;
      if (rows !== null) for (const row of rows.values) if (row !== null && typeof row === 'object') for (const v of tableStrings(row)) out.push({ value: v, hidden: rows.hidden });
    }
    for (const call of this.#callersOf(fnNode).slice(0, 20)) {
      const a = call.node.arguments[index];
      let t = a ? this.ev.evaluate(a, call.scope) : null;
      let rows: unknown[] = [];
      if (t && t.value !== null && typeof t.value === 'object') rows = [t.value];
      else if (a && a.type === 'Identifier') {
        // `c.map(function (x) { return d(x); })`: each row the name walks
        const r = this.#rowsOf(a, call.scope);
        if (r !== null) {
          rows = r.values;
          t = { value: null, hidden: r.hidden } as any;
        }
      } else if (a && a.type === 'MemberExpression' && a.computed) {
        // `q(map[k])` with a key the script iterates: any row of the table (`{cn: ['#cc', …], cv: […]}`)
        t = this.ev.evaluate(a.object, call.scope);
        if (t && t.value !== null && typeof t.value === 'object') rows = (Array.isArray(t.value) ? t.value : Object.values(t.value)).slice(0, 20);
      }
      for (const row of rows) {
        if (row === null || typeof row !== 'object') continue;
        for (const v of tableStrings(row)) out.push({ value: v, hidden: t!.hidden, via: call });
      }
    }
    return out;
  }

  /** Calls of a named function, by the function's node (direct calls `f(…)` only). */
  /** The calls of a function of the script (by name; methods by name when few functions share it). */
  callersOf(fnNode: any): CallRec[] {
    return this.#callersOf(fnNode);
  }

  #callersOf(fnNode: any): CallRec[] {
    if (!this.#callsOf) {
      const callsOf = (this.#callsOf = new Map());
      const add = (fn: any, call: CallRec) => {
        const l = callsOf.get(fn);
        if (l) l.push(call);
        else callsOf.set(fn, [call]);
      };
      // methods (`Sniffer.Pick(f, list)`, `this.#val(q)`) by name, when few functions share it, as the flow graph links them
      const methods = this.facts.methods;
      for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) {
        const call = calls[ci]!;
        if (call.plain !== null) {
          const fns = methods.get(call.plain);
          if (fns !== undefined && fns.length <= 6) for (const fn of fns) add(fn, call);
          continue;
        }
        if (call.node.callee.type !== 'Identifier') continue;
        const fb = call.scope.lookup(call.node.callee.name);
        if (fb?.fn) add(fb.fn, call);
      }
    }
    return this.#callsOf.get(fnNode) ?? [];
  }

  #fromCallers(arg: any, scope: Scope, name: string, fnNode: any, index: number, values: Candidate[], depth: number): Candidate[] {
    // direct callers of a named function
    for (const call of this.#callersOf(fnNode).slice(0, 20)) {
      // the caller's argument may itself be a parameter: `v(n)` inside `names.map(function (n) {…})`
      for (const v of this.#candidates(call.node.arguments[index], call.scope, depth + 1).slice(0, 20)) values.push({ ...v, via: v.via ?? call });
    }
    const out: Candidate[] = [];
    for (const v of values) {
      const s = this.#substitute(arg, scope, (x) => x.type === 'Identifier' && x.name === name, v.value);
      if (s !== null) out.push({ value: s, hidden: v.hidden, via: v.via });
    }
    return out;
  }

  /**
   * A string made of several parameters of one function (`"input[autocomplete='" + t + "'],input[name='" + n + "']"`):
   * its value at each direct caller whose arguments for them are constants.
   */
  #fromCallersAll(arg: any, scope: Scope, params: Set<string>): Candidate[] {
    const first = scope.lookup([...params][0]!)!;
    const fnNode = first.scope.fn as any;
    if (!fnNode) return [];
    const index = new Map<string, number>();
    for (const name of params) {
      const b = scope.lookup(name)!;
      const i = fnNode.params.findIndex((p: any) => p.type === 'Identifier' && p.name === name);
      if (b.scope !== first.scope || i < 0) return [];
      index.set(name, i);
    }
    const out: Candidate[] = [];
    for (const call of this.#callersOf(fnNode).slice(0, 20)) {
      const bindings = new Map<string, Val>();
      let hidden = false;
      for (const [name, i] of index) {
        const r = this.ev.resolveString(call.node.arguments[i], call.scope);
        if (r === null) break;
        hidden ||= r.hidden;
        bindings.set(name, r.value);
      }
      if (bindings.size !== index.size) continue;
      const v = this.ev.resolveWith(arg, scope, bindings);
      if (v !== null) out.push({ value: v.value, hidden: hidden || v.hidden, via: call });
    }
    return out;
  }

  /** The string an expression makes when the parts `isTarget` picks (a parameter, a table lookup) have the value `value`. */
  #substitute(n: any, scope: Scope, isTarget: (n: any) => boolean, value: string): string | null {
    if (isTarget(n)) return value;
    if (n.type === 'BinaryExpression') {
      const l = this.#substitute(n.left, scope, isTarget, value);
      const r = this.#substitute(n.right, scope, isTarget, value);
      return l === null || r === null ? null : l + r;
    }
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && STRING_METHODS.has(n.callee.property.name) && n.arguments.every((a: any) => a.type === 'Literal')) {
      const self = this.#substitute(n.callee.object, scope, isTarget, value);
      if (self === null) return null;
      const r = (String.prototype as any)[n.callee.property.name].apply(self, n.arguments.map((a: any) => a.value));
      return typeof r === 'string' ? r : null;
    }
    if (n.type === 'TemplateLiteral') {
      let out = '';
      for (let i = 0; i < n.quasis.length; i++) {
        out += n.quasis[i].value.cooked ?? '';
        if (i < n.expressions.length) {
          const e = this.#substitute(n.expressions[i], scope, isTarget, value);
          if (e === null) return null;
          out += e;
        }
      }
      return out;
    }
    return this.ev.resolveString(n, scope)?.value ?? null;
  }

  /** Receiver of `.serialize()` that is a form: `$('#checkout').serialize()`, `$(this)`, `form.serialize()`, `Form.serialize(f)` — not any object's own serialize method. */
  #serialisesForm(obj: any, scope: Scope): boolean {
    if (obj.type === 'CallExpression' && obj.callee.type === 'Identifier' && JQUERY_NAMES.has(obj.callee.name)) return true;
    // `var $f = $(this); … $f.serializeArray()`: a jQuery wrapper kept in a variable
    if (obj.type === 'Identifier') {
      const b = scope.lookup(obj.name);
      const d = b !== null && b.writes === 1 && b.defs.length === 1 ? b.defs[0]!.node : null;
      if (d !== null && d.type === 'CallExpression' && d.callee.type === 'Identifier' && JQUERY_NAMES.has(d.callee.name)) return true;
    }
    // a form by name or kind; not `this.serialize()`, which classes everywhere define for themselves
    return this.#formByName(obj, scope);
  }

  /** A form by its name or kind (`form`, `e.target`, `document.forms[0]`, `createElement('form')`), not any element. */
  /**
   * A form element itself, not just something named like one (`jtdForms`, `formHeaders`): one the
   * script takes from the page (`document.forms[0]`, `querySelector('form')`), a field's `.form`, a
   * name that is just `form`, or an event's target (only a form or a select can be iterated).
   */
  #pageForm(e: any, scope: Scope): boolean {
    const n = this.#objName(e, scope);
    // an event's target (`e.target`), not a component's list of targets (`this.target`)
    if (n !== null && /(^|\.)forms\.[^.]+$|(^|\.)form$|^(?!this\.)[\w$]+\.(target|currentTarget|srcElement)$/i.test(n)) return true;
    return this.hasKind(e, scope, 'form') !== null;
  }

  #formByName(e: any, scope: Scope): boolean {
    const n = this.#objName(e, scope);
    if (n !== null && (isFormSegment(n.slice(n.lastIndexOf('.') + 1)) || /(^|\.)(target|currentTarget|srcElement)$|(^|\.)forms(\.|$)/i.test(n))) return true;
    return this.hasKind(e, scope, 'form') !== null;
  }

  /**
   * Whether a form handed to `new FormData` is one the script takes from the page. A bare parameter
   * is the caller's form: an HTTP client converting whatever form its caller passes (axios's
   * `transformRequest`) reads nothing by itself, so the parameter counts only when it is named as a
   * form (`submitHandler: function (form)`) or a call site in the script passes something form-like.
   */
  #formFromPage(e: any, scope: Scope): boolean {
    if (e.type !== 'Identifier') return true;
    const b = scope.lookup(e.name);
    if (b === null || b.kind !== 'param' || this.#formish(e, scope)) return true;
    const fn = b.scope.fn as any;
    const index = fn ? fn.params.findIndex((p: any) => p.type === 'Identifier' && p.name === e.name) : -1;
    if (index < 0) return true;
    // a handler's or callback's parameter is the event or the element the page hands over
    if (this.facts.callbackOf.has(fn) || this.facts.iifeOf.has(fn)) return true;
    return this.#callersOf(fn).slice(0, 20).some((c) => c.node.arguments[index] !== undefined && this.#formArgument(c.node.arguments[index], c.scope, 0));
  }

  /** `#formish`, also through a variable's definitions, either branch of `a ? b : c` / `a || b`, and `el.closest('form')`. */
  #formArgument(e: any, scope: Scope, depth: number): boolean {
    if (depth > 4 || !e) return false;
    if (this.#formish(e, scope)) return true;
    switch (e.type) {
      case 'Identifier': {
        const b = scope.lookup(e.name);
        if (b === null) return false;
        if (b.defs.slice(0, 4).some((d) => this.#formArgument(d.node, d.scope, depth + 1))) return true;
        // `function send(f) { collect(f) }`: a form its own callers pass
        if (b.kind === 'param') {
          const fn = b.scope.fn as any;
          const index = fn ? fn.params.findIndex((p: any) => p.type === 'Identifier' && p.name === e.name) : -1;
          if (index >= 0 && this.#callersOf(fn).slice(0, 20).some((c) => c.node.arguments[index] !== undefined && this.#formArgument(c.node.arguments[index], c.scope, depth + 1))) return true;
        }
        // `for (const f of document.querySelectorAll('form'))`
        return this.facts.iterations.some((it) => !it.keys && it.pattern.type === 'Identifier' && it.pattern.name === e.name &&
          it.scope.lookup(e.name) === b && this.#formArgument(it.right, it.scope, depth + 1));
      }
      case 'ConditionalExpression':
        return this.#formArgument(e.consequent, scope, depth + 1) || this.#formArgument(e.alternate, scope, depth + 1);
      case 'LogicalExpression':
        return this.#formArgument(e.left, scope, depth + 1) || this.#formArgument(e.right, scope, depth + 1);
      case 'ChainExpression':
        return this.#formArgument(e.expression, scope, depth + 1);
      case 'CallExpression': {
        const c = e.callee;
        const m = c.type === 'MemberExpression' && !c.computed ? c.property.name : null;
        if (m !== 'closest' && m !== 'querySelector' && m !== 'querySelectorAll') return false;
        const sel = e.arguments[0] ? this.ev.resolveString(e.arguments[0], scope)?.value : undefined;
        return sel !== undefined && /^\s*form(?![\w-])/i.test(sel);
      }
    }
    return false;
  }

  /** An expression that plausibly holds a form element: `form`, `e.target`, `this`, `document.forms[0]`. */
  #formish(e: any, scope: Scope): boolean {
    const n = this.#objName(e, scope);
    if (n !== null && (isFormSegment(n.slice(n.lastIndexOf('.') + 1)) || /(^|\.)(target|currentTarget|srcElement)$|^this$|(^|\.)forms(\.|$)/i.test(n))) return true;
    return this.kindOf(e, scope).some((o) => o.kind === 'form' || o.kind === 'element');
  }

  /**
   * `Object.defineProperty(HTMLInputElement.prototype, 'value', { get: g, set: s })`: every field's value
   * passes through g (what the native getter returns, `desc.get.call(this)`) and s (its parameter).
   */
  #valueAccessorSources(addSource: (d: SourceDesc, node: any, gid: number) => void): void {
    const fnOf = functionValue;
    for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      if (call.node.arguments.length !== 3) continue;
      // `Object.defineProperty`, also under a built name (`Object[(![]+[])[3] + …]`)
      const c = call.node.callee;
      const name = call.plain ?? (c.type === 'MemberExpression' && c.computed ? this.#propName(c, call.scope) : null);
      if (name !== 'defineProperty') continue;
      const [target, key, desc] = call.node.arguments;
      if (desc.type !== 'ObjectExpression' || this.ev.resolveString(key, call.scope)?.value !== 'value') continue;
      const proto = this.#objName(target, call.scope);
      // on the prototype: every field; on one element: a getter returning the native getter's value
      // (`D.get.call(this)` with `D = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')`)
      const onPrototype = proto !== null && VALUE_PROTOTYPES.test(proto);
      if (!onPrototype && !this.#callsNativeValueGetter(desc, call.scope)) continue;
      for (const p of desc.properties) {
        const name = this.#keyOf(p, call.scope);
        const fn = (name === 'get' || name === 'set') && p.value ? fnOf(p.value, call.scope) : null;
        const rec = fn ? this.facts.fnByNode.get(fn) : undefined;
        if (!rec) continue;
        const how = onPrototype ? `${proto}.value ${name}ter` : `value ${name}ter put on a field (${proto ?? 'element'})`;
        if (name === 'set') {
          const first = fn.params[0];
          const b = first?.type === 'Identifier' ? rec.scope.vars.get(first.name) : undefined;
          if (b) addSource({ cls: 'sweep', role: null, how }, first, b.gid);
          continue;
        }
        // the native getter's result: `desc.get.call(this)`, `orig.apply(this, arguments)`
        for (let cj = 0; cj < calls.length; cj++) {
          const c = calls[cj]!;
          if ((c.plain === 'call' || c.plain === 'apply') && c.node.start >= fn.start && c.node.end <= fn.end && c.node.arguments[0]?.type === 'ThisExpression') {
            addSource({ cls: 'sweep', role: null, how }, c.node, c.gid);
          }
        }
      }
    }
  }

  /** The name of an object literal's property, also a computed one that resolves (`[dec('0x1')]: fn`). */
  #keyOf(p: any, scope: Scope): string | null {
    if (p.type !== 'Property') return null;
    if (!p.computed) return p.key.name ?? (typeof p.key.value === 'string' ? p.key.value : null);
    return this.ev.resolveString(p.key, scope)?.value ?? null;
  }

  /** Whether a property descriptor's getter calls the fields' native value getter (`D.get.call(this)`). */
  #callsNativeValueGetter(desc: any, scope: Scope): boolean {
    const get = desc.properties.find((p: any) => this.#keyOf(p, scope) === 'get');
    const fn = get ? functionValue(get.value, scope) : null;
    if (!fn) return false;
    const fscope = this.facts.fnScope(fn) ?? scope;
    let found = false;
    traverse(fn.body, (n: any) => {
      if (found || n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || n.arguments[0]?.type !== 'ThisExpression') return;
      const m = this.#propName(n.callee, fscope);
      const g = n.callee.object;
      if ((m !== 'call' && m !== 'apply') || g.type !== 'MemberExpression' || this.#propName(g, fscope) !== 'get' || g.object.type !== 'Identifier') return;
      const d = fscope.lookup(g.object.name)?.defs[0]?.node;
      if (d?.type !== 'CallExpression' || this.#calleeOf(d.callee, fscope, 0).name !== 'getOwnPropertyDescriptor') return;
      const o = d.arguments[0] ? this.#objName(d.arguments[0], fscope) : null;
      found = o !== null && VALUE_PROTOTYPES.test(o);
    }, emptyListeners());
    return found;
  }

  /** A parameter that the function's callers fill with forms (`stash(e.target)` of a submit listener, `stash(this)`). */
  #formParam(o: any, scope: Scope): boolean {
    if (o.type !== 'Identifier') return false;
    const b = scope.lookup(o.name);
    const fnNode = b?.kind === 'param' ? (b.scope.fn as any) : null;
    const index = fnNode ? fnNode.params.findIndex((p: any) => p.type === 'Identifier' && p.name === o.name) : -1;
    if (index < 0) return false;
    return this.#callersOf(fnNode).slice(0, 20).some((c) => c.node.arguments[index] !== undefined && this.#formish(c.node.arguments[index], c.scope));
  }

  /** A jQuery collection: `$(…)`, `$(…).find(…)`, or a name bound to one (`var $f = $(this)`). */
  #jqueryObject(o: any, scope: Scope, depth = 0): boolean {
    if (!o || depth > 4) return false;
    if (o.type === 'Identifier') {
      const b = scope.lookup(o.name);
      return b !== null && b.defs.length === 1 && this.#jqueryObject(b.defs[0]!.node, b.defs[0]!.scope, depth + 1);
    }
    if (o.type !== 'CallExpression') return false;
    const c = o.callee;
    if (c.type === 'Identifier') return JQUERY_NAMES.has(c.name);
    return c.type === 'MemberExpression' && this.#jqueryObject(c.object, scope, depth + 1);
  }

  #isWindow(o: any, scope: Scope): boolean {
    const n = this.#objName(o, scope);
    return n === 'window' || n === 'self' || n === 'top' || n === 'parent';
  }

  #elementSink(obj: any, scope: Scope, attr: string): SinkKind | null {
    const kinds = this.kindOf(obj, scope).map((o) => o.kind);
    if (attr === 'action') return kinds.includes('form') || kinds.length === 0 || kinds.includes('element') ? 'form-action' : null;
    if (kinds.includes('image')) return 'image';
    if (kinds.includes('script')) return 'script';
    if (kinds.includes('iframe')) return 'iframe';
    if (kinds.includes('link')) return attr === 'href' ? 'link' : null;
    if (kinds.includes('location') || kinds.includes('window') || kinds.includes('document')) return attr === 'href' ? 'navigation' : null;
    // `.data` fetches only on an <object> (`this.data = items` is everywhere): an element is required
    if (attr === 'data') return kinds.includes('element') ? 'src' : null;
    if (attr === 'src') return 'src';
    return null;
  }

  #markupSink(n: any, arg: any, scope: Scope, gid: number, api: string, addSink: (k: SinkKind, api: string, node: any, scope: Scope, gid: number, d: Destination, dyn: boolean) => void): void {
    if (!arg) return;
    const p = this.ev.prefix(arg, scope);
    if (!isLoadingMarkup(p.value)) return;
    const url = urlInMarkup(p.value);
    const dest = destinationFromPrefix(url === null ? null : { value: url, hidden: p.hidden, complete: p.complete && !p.value.endsWith(url) });
    addSink('markup', api, n, scope, gid, dest, !p.complete);
  }

  #assignSink(a: AssignRec, addSink: (k: SinkKind, api: string, node: any, scope: Scope, gid: number, d: Destination, dyn: boolean) => void): void {
    const n = a.node;
    const left = n.left;
    if (left.type !== 'MemberExpression') return;
    const prop = a.prop ?? this.#propName(left, a.scope);
    if (prop === null) return;
    const dyn = () => this.#dynamic([n.right], a.scope);
    if (prop === 'src' || prop === 'data') {
      const kind = this.#elementSink(left.object, a.scope, prop);
      if (kind) addSink(kind, `${kind === 'src' ? 'element' : kind}.src`, n, a.scope, a.gid, this.destination(n.right, a.scope), dyn());
    } else if (prop === 'srcset') {
      // `img.srcset = url + ' 1x'`: the browser fetches the candidate it picks, like src
      if (this.#elementSink(left.object, a.scope, 'src') === 'image') addSink('image', 'image.srcset', n, a.scope, a.gid, this.destination(n.right, a.scope), dyn());
    } else if (prop === 'href') {
      const kind = this.#elementSink(left.object, a.scope, 'href');
      const name = this.#objName(left.object, a.scope);
      if (kind === 'navigation' || (name && /(^|\.)location$/.test(name))) addSink('navigation', 'location.href', n, a.scope, a.gid, this.destination(n.right, a.scope), dyn());
      else if (kind === 'link') addSink('link', 'link.href', n, a.scope, a.gid, this.destination(n.right, a.scope), dyn());
    } else if (prop === 'name' && this.#isWindow(left.object, a.scope)) {
      // `window.name = data`: kept across page loads (a later page of the same tab reads it back)
      addSink('storage', 'window.name', n, a.scope, a.gid, { kind: 'relative', url: null, host: null }, dyn());
      this.#storageWrites.push(a.gid);
    } else if (prop === 'ping') {
      // `<a ping>`: a click POSTs to these URLs (the Inter kit clicks its own anchor)
      addSink('beacon', 'a.ping', n, a.scope, a.gid, this.destination(n.right, a.scope), dyn());
    } else if (prop === 'location') {
      const name = this.#objName(left.object, a.scope);
      if (name === null || /^(window|document|self|top)$/.test(name)) addSink('navigation', 'location', n, a.scope, a.gid, this.destination(n.right, a.scope), dyn());
    } else if (prop === 'action') {
      addSink('form-action', 'form.action', n, a.scope, a.gid, this.destination(n.right, a.scope), dyn());
      // what the form holds (fields appended to it, see #formAppend) goes where its action points
      const fb = left.object.type === 'Identifier' ? a.scope.lookup(left.object.name) : null;
      if (fb) {
        this.#extraFrom.push(fb.gid);
        this.#extraTo.push(a.gid);
      }
    } else if (prop === 'cookie') {
      const name = this.#objName(left.object, a.scope);
      if (name === 'document') {
        addSink('storage', 'document.cookie', n, a.scope, a.gid, { kind: 'relative', url: null, host: null }, dyn());
        this.#storageWrites.push(a.gid);
      }
    } else if ((prop === 'textContent' || prop === 'innerText' || prop === 'innerHTML') && this.#isStyleElement(left.object, a.scope)) {
      this.#cssSink(n, n.right, a.scope, a.gid, `style.${prop}`, addSink);
    } else if (prop === 'innerHTML' || prop === 'outerHTML') {
      this.#markupSink(n, n.right, a.scope, a.gid, prop, addSink);
    } else if (CSS_FETCH_PROPS.has(prop)) {
      this.#cssSink(n, n.right, a.scope, a.gid, `style.${prop}`, addSink);
    } else if (left.object.type === 'Identifier' && (left.object.name === 'localStorage' || left.object.name === 'sessionStorage')) {
      addSink('storage', `${left.object.name}.${prop}`, n, a.scope, a.gid, { kind: 'relative', url: null, host: null }, dyn());
      this.#storageWrites.push(a.gid);
    }
  }

  /** `document.createElement('style')`, directly or through a variable. */
  #isStyleElement(expr: any, scope: Scope): boolean {
    return this.kindOf(expr, scope).some((o) => o.node.type === 'CallExpression' && o.kind === 'element' &&
      this.ev.resolveString(o.node.arguments[o.node.arguments.length - 1], o.scope)?.value.toLowerCase() === 'style');
  }

  /** CSS text whose `url(…)` the browser fetches: the URL in it is the destination. `inRule`: only inside a rule's braces. */
  #cssSink(n: any, css: any, scope: Scope, gid: number, api: string, addSink: (k: SinkKind, api: string, node: any, scope: Scope, gid: number, d: Destination, dyn: boolean) => void, inRule = false): void {
    if (!css) return;
    const re = inRule ? /\{[^}]*?url\(\s*["']?([^"')\s]*)/i : /url\(\s*["']?([^"')\s]*)/i;
    const p = this.ev.prefix(css, scope);
    let m = re.exec(p.value);
    let dest: { value: string; hidden: boolean; complete: boolean };
    if (m) {
      const whole = m.index + m[0].length === p.value.length;
      dest = { value: m[1]!, hidden: p.hidden, complete: p.complete && !whole };
    } else {
      // an unknown part before the url() (`'.' + randomClass + '{background:url(' + u + d + ')}'`):
      // the constant parts with the unknown ones marked, the URL up to its first unknown part
      const k = this.#skeleton(css, scope);
      m = k === null ? null : re.exec(k.text);
      if (m === null) return;
      const cut = m[1]!.indexOf('\0');
      dest = { value: cut < 0 ? m[1]! : m[1]!.slice(0, cut), hidden: k!.hidden, complete: false };
    }
    addSink('image', `CSS url() (${api})`, n, scope, gid, destinationFromPrefix(dest), this.#dynamic([css], scope));
  }

  /** A concatenation's text with each part it cannot resolve as `\0` (at most 64 parts). */
  #skeleton(e: any, scope: Scope): { text: string; hidden: boolean } | null {
    const parts: any[] = [];
    const flatten = (x: any): boolean => {
      if (parts.length > 64) return false;
      if (x.type === 'BinaryExpression' && x.operator === '+') return flatten(x.left) && flatten(x.right);
      if (x.type === 'TemplateLiteral') {
        for (let i = 0; i < x.quasis.length; i++) {
          parts.push({ type: 'Literal', value: x.quasis[i].value.cooked ?? '' });
          if (i < x.expressions.length) parts.push(x.expressions[i]);
        }
        return true;
      }
      parts.push(x);
      return true;
    };
    if (!flatten(e) || parts.length < 2) return null;
    let text = '';
    let hidden = false;
    for (const x of parts) {
      const r = x.type === 'Literal' && typeof x.value === 'string' ? { value: x.value, hidden: false } : this.ev.resolveString(x, scope);
      text += r === null ? '\0' : r.value;
      hidden ||= r?.hidden ?? false;
    }
    return { text, hidden };
  }

  /** `cardField.onchange = function () { … this.value … }`: a listener by property, as addEventListener. */
  #handlerProperty(a: AssignRec, addSource: (d: SourceDesc, node: any, gid: number) => void): void {
    const fn = a.node.right;
    if (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return;
    const subject = this.#lookupDesc(a.node.left.object, a.scope, 0);
    if (!subject) return;
    addSource({ ...subject, how: `${subject.how} ${a.prop} handler` }, a.node, a.gid);
    this.#handlerSources.push({ gid: a.gid, fn });
  }

  #memberSource(m: MemberRec, addSource: (d: SourceDesc, node: any, gid: number) => void): void {
    let prop = m.prop;
    let role = m.role;
    let hidden = false;
    if (prop === DECODED_KEY) {
      // the name an obfuscator's string lookup gives; only the names the facts record by literal go on
      const r = this.ev.resolveString(m.node.property, m.scope);
      if (r === null || r.value === DECODED_KEY || r.value === KEYED_ELEMENT) return;
      prop = r.value;
      role = fieldRole(prop);
      hidden = r.hidden;
      if (role === null && prop !== 'elements' && prop !== 'cookie' && prop !== 'activeElement') return;
    }
    if (prop === 'cookie' || m.node.object.type === 'Identifier' && (m.node.object.name === 'localStorage' || m.node.object.name === 'sessionStorage')) {
      if (prop !== 'setItem' && prop !== 'removeItem' && prop !== 'getItem' && prop !== 'clear') this.#storageReads.push(m.gid);
      return;
    }
    if (prop === 'name') {
      if (this.#isWindow(m.node.object, m.scope)) this.#storageReads.push(m.gid);
      return;
    }
    if (prop === 'activeElement') {
      if (this.#objName(m.node.object, m.scope) === 'document') this.#activeElementReads.push(m);
      return;
    }
    if (prop === KEYED_ELEMENT) {
      // `f.elements[`payment[${n}]`]` for each name of a list: the most sensitive control the key names
      const o = m.node.object;
      const elements = o.type === 'MemberExpression' && !o.computed && o.property.name === 'elements';
      if (!elements && !this.#formArgument(o, m.scope, 0)) return;
      const d = this.#bestLookup('namedItem', m.node.property, m.scope);
      if (d) addSource({ ...d, how: `${this.#objName(m.node.object, m.scope) ?? 'form.elements'}[${d.how.slice(10, -1)}]` }, m.node, m.gid);
      return;
    }
    const o = m.node.object;
    // `forms[i].elements`: an element of a named collection is named after it
    let objName = this.#objName(o, m.scope) ?? (o.type === 'MemberExpression' && o.computed ? `${this.#objName(o.object, m.scope) ?? ''}[]` : '');
    if (o.type === 'Identifier' && prop === 'elements') {
      // `for (const f of document.forms) f.elements`
      const b = m.scope.lookup(o.name);
      const it = b ? this.#iterationOf(b) : undefined;
      if (it && it.role === 'value') objName = `${this.#objName(it.right, it.scope) ?? ''}[]`;
    }
    // Magento 2 hands the typed card to the place-order action as `paymentData.additional_data.cc_number`
    const formish = /(^|\.)(forms?|elements|frm|additional_data|additionalData)(\.|$|\[)/i.test(objName) || hasFormSegment(objName) || this.hasKind(m.node.object, m.scope, 'form') !== null
      || (prop === 'elements' && this.#formParam(o, m.scope));
    if (prop === 'elements') {
      // only forms (and fieldsets) have `.elements`: any element looked up in the document counts
      // `e.target.elements` in a submit handler: whatever the event came from has controls, so it is a form
      if (formish || /^document\.forms|(^|\.)(target|currentTarget|srcElement)$/.test(objName) || this.hasKind(m.node.object, m.scope, 'element') !== null) {
        addSource({ cls: 'sweep', role: null, how: `${objName}.elements`, ...(hidden ? { hidden } : {}) }, m.node, m.gid);
      }
      return;
    }
    // `e.target.cardnumber` in a submit handler: the event's target is the form, its controls are named on it
    const submitted = !formish && role !== null && /(^|\.)(target|currentTarget|srcElement)$/.test(objName) && this.#inSubmitHandler(m.scope);
    if (role && (formish || submitted)) addSource({ cls: classOfRole(role), role, how: `${objName}.${prop}`, ...(hidden ? { hidden } : {}) }, m.node, m.gid);
  }

  /** Whether a scope is the body of a listener registered for `submit` (`addEventListener('submit', fn)`, `$(f).on('submit', fn)`, `.submit(fn)`). */
  #inSubmitHandler(scope: Scope): boolean {
    const fn = scope.fn as any;
    const call = fn ? this.#callbackCall(fn) : undefined;
    if (call === undefined || call.plain === null) return false;
    if (call.plain === 'submit') return true;
    if (call.plain !== 'addEventListener' && call.plain !== 'on') return false;
    return this.ev.resolveString(call.node.arguments[0], call.scope)?.value === 'submit';
  }

  #callEdges(call: CallRec, name: string, obj: any): void {
    const facts = this.facts;
    const n = call.node;
    if (n.callee.type === 'Identifier') {
      const b = call.scope.lookup(n.callee.name);
      if (b?.fn) this.#callInto(call, b.fn);
      else if (b?.kind === 'param') this.#callParameter(call, b);
    } else if (n.callee.type === 'FunctionExpression' || n.callee.type === 'ArrowFunctionExpression') {
      this.#callInto(call, n.callee);
    } else if (obj) {
      const l = facts.methods.get(name);
      if (l && l.length <= 6) for (let i = 0; i < l.length; i++) this.#callInto(call, l[i]);
    }
    // `list.push(x)`, `params.append(k, v)`, `map.set(k, v)`: the arguments end up in the receiver
    // a field appended to a form the script builds is part of what the form submits
    if ((name === 'appendChild' || name === 'insertBefore' || name === 'prepend') && n.callee.type === 'MemberExpression' && n.callee.object.type === 'Identifier'
      && n.arguments.length > 0 && this.kindOf(n.callee.object, call.scope).some((o) => o.kind === 'form')) {
      const b = call.scope.lookup(n.callee.object.name);
      if (b) {
        this.#extraFrom.push(call.gid);
        this.#extraTo.push(b.gid);
      }
    }
    if (n.callee.type === 'MemberExpression' && COLLECTOR_METHODS.has(name) && n.arguments.length > 0) {
      let root = n.callee.object;
      // `(window.__q = window.__q || []).push(x)`, `(q || []).push(x)`: the list assigned or tried first
      if (root.type === 'AssignmentExpression' && root.operator === '=') root = root.left;
      else if (root.type === 'LogicalExpression') root = root.left;
      let thisProp: string | null = null;
      while (root.type === 'MemberExpression') {
        if (root.object.type === 'ThisExpression' && !root.computed) thisProp = root.property.name ?? null;
        root = root.object;
      }
      // `this.buf.set(k, v)` (also `this.#buf`) fills the `this.buf` the facts track
      const b = root.type === 'Identifier' ? call.scope.lookup(root.name) : root.type === 'ThisExpression' && thisProp !== null ? call.scope.root().vars.get('#this.' + thisProp) : undefined;
      if (b) {
        this.#extraFrom.push(call.gid);
        this.#extraTo.push(b.gid);
      }
    }
    if (n.type === 'NewExpression' && name === 'Promise') this.#promiseResolution(call);
    const args = n.arguments;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression') this.#callInto(call, a);
      else if (a.type === 'Identifier') {
        const b = call.scope.lookup(a.name);
        if (b?.fn) this.#callInto(call, b.fn);
      }
    }
  }

  /**
   * A call of a parameter runs what the callers pass for it: `function take(cb) { … cb(rows) }` with
   * `take(function (rows) { send(rows) })` (callback style, as IndexedDB and XHR wrappers are written).
   */
  #callParameter(call: CallRec, b: Binding): void {
    const fn = b.scope.fn as any;
    if (!fn) return;
    const index = fn.params.findIndex((p: any) => p.type === 'Identifier' && p.name === b.name);
    if (index < 0) return;
    const callers = this.#callersOf(fn);
    if (callers.length > 8) return;
    for (const caller of callers) {
      const a = caller.node.arguments[index];
      if (!a) continue;
      if (a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression') this.#callInto(call, a);
      else if (a.type === 'Identifier') {
        const f = caller.scope.lookup(a.name)?.fn;
        if (f) this.#callInto(call, f);
      }
    }
  }

  /** Edges of a call into a function it may run: call -> each parameter, return value -> call. */
  #callInto(call: CallRec, fn: any): void {
    const rec = this.facts.fnByNode.get(fn);
    if (!rec) return;
    this.facts.paramEdges(rec, call.gid, this.#extraFrom, this.#extraTo);
    this.#extraFrom.push(rec.ret);
    this.#extraTo.push(call.gid);
    this.#outParameterEdges(call, rec);
  }

  /**
   * The functions an expression may be when it picks one out of a constant table: `T[i]` with `T` an
   * array (or object) literal of functions, or the call of a function that returns such a pick. At
   * most 8: what a script chooses among at run time (`[beacon, frame, img][Date.now() % 3]`).
   */
  #tableFunctions(e: any, scope: Scope, depth: number): any[] {
    if (depth > 2) return [];
    if (e.type === 'ConditionalExpression') return [...this.#tableFunctions(e.consequent, scope, depth + 1), ...this.#tableFunctions(e.alternate, scope, depth + 1)].slice(0, 8);
    if (e.type === 'MemberExpression' && e.computed) {
      let t = e.object;
      if (t.type === 'Identifier') {
        const b = scope.lookup(t.name);
        t = b && b.defs.length === 1 ? b.defs[0]!.node : null;
      }
      const items = t?.type === 'ArrayExpression' ? t.elements : t?.type === 'ObjectExpression' ? t.properties.map((p: any) => (p.type === 'Property' ? p.value : null)) : [];
      const fns = items.filter((x: any) => x && (x.type === 'FunctionExpression' || x.type === 'ArrowFunctionExpression'));
      return fns.length === items.length && fns.length <= 8 ? fns : [];
    }
    if (e.type === 'CallExpression' && e.callee.type === 'Identifier') {
      const fn = scope.lookup(e.callee.name)?.fn as any;
      const rec = fn ? this.facts.fnByNode.get(fn) : undefined;
      if (!rec) return [];
      const out: any[] = [];
      for (const r of this.#returnedValues(fn)) out.push(...this.#tableFunctions(r, rec.scope, depth + 1));
      return out.slice(0, 8);
    }
    return [];
  }

  /**
   * `bus.dispatchEvent(new CustomEvent(t, { detail: d }))` reaches the listeners registered on the same
   * object (`bus.addEventListener(t, function (e) { use(e.detail) })`): an event bus between the parts of
   * a script.
   */
  #eventBusEdges(): void {
    const dispatches = new Map<Binding, CallRec[]>();
    const listeners = new Map<Binding, any[]>();
    for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) {
      const c = calls[ci]!;
      if (c.plain !== 'dispatchEvent' && c.plain !== 'addEventListener') continue;
      const recv = c.node.callee.object;
      const b = recv.type === 'Identifier' ? c.scope.lookup(recv.name) : null;
      if (b === null) continue;
      if (c.plain === 'dispatchEvent') {
        const l = dispatches.get(b);
        if (l) l.push(c);
        else dispatches.set(b, [c]);
      } else {
        const fn = c.node.arguments[1];
        if (!fn || !isFunction(fn)) continue;
        const l = listeners.get(b);
        if (l) l.push(fn);
        else listeners.set(b, [fn]);
      }
    }
    for (const [b, ds] of dispatches) {
      const fns = listeners.get(b);
      if (!fns || fns.length > 16) continue;
      for (const d of ds) {
        for (const fn of fns) {
          const rec = this.facts.fnByNode.get(fn);
          if (rec) this.facts.paramEdges(rec, d.gid, this.#extraFrom, this.#extraTo);
        }
      }
    }
  }

  #paramCalls: Map<Binding, CallRec[]> | null = null;

  /**
   * `new Promise(function (ok) { … ok(out) … })`: what the executor resolves with, wherever it calls its
   * `resolve` (a success handler inside it), is the promise's value (`await`, `.then`).
   */
  #promiseResolution(call: CallRec): void {
    const ex = call.node.arguments[0];
    const rec = ex && isFunction(ex) ? this.facts.fnByNode.get(ex) : undefined;
    const p = ex?.params?.[0];
    const b = rec && p?.type === 'Identifier' ? rec.scope.vars.get(p.name) : undefined;
    if (!b) return;
    if (this.#paramCalls === null) {
      const m = new Map<Binding, CallRec[]>();
      for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) {
        const c = calls[ci]!;
        if (c.plain !== null || c.node.callee.type !== 'Identifier') continue;
        const cb = c.scope.lookup(c.node.callee.name);
        if (cb === null || cb.kind !== 'param') continue;
        const l = m.get(cb);
        if (l) l.push(c);
        else m.set(cb, [c]);
      }
      this.#paramCalls = m;
    }
    for (const c of this.#paramCalls.get(b) ?? []) {
      this.#extraFrom.push(c.gid);
      this.#extraTo.push(call.gid);
    }
  }

  #outParams: Map<any, Array<{ index: number; gid: number }>> | null = null;
  /** IndexedDB read requests (`store.get(k)`, `store.openCursor()`) by call node -> the call's graph node. */
  #idbReads = new Map<any, number>();

  /**
   * `const req = store.openCursor(); req.onsuccess = function (e) { var c = e.target.result; … }`: what the
   * request reads reaches its success handler's event.
   */
  #idbSuccessHandlers(): void {
    if (this.#idbReads.size === 0) return;
    const scopes = [this.facts.global, ...this.facts.fns.map((f) => f.scope)];
    for (const scope of scopes) {
      for (const b of scope.vars.values()) {
        const w = b.props?.get('onsuccess');
        if (!w || b.defs.length !== 1) continue;
        const read = this.#idbReads.get(b.defs[0]!.node);
        if (read === undefined) continue;
        for (const d of w.defs) {
          const rec = isFunction(d.node) ? this.facts.fnByNode.get(d.node) : undefined;
          if (rec) this.facts.paramEdges(rec, read, this.#extraFrom, this.#extraTo);
        }
      }
    }
  }

  /**
   * `function pick(root, out) { … out[k] = el.value }` called as `pick(document, got)`: what the helper
   * writes into the object it was given is in the caller's `got` afterwards. Only where there is payment
   * data to follow, and for helpers with few callers: a utility every module calls (`extend(target, src)`)
   * would join them all.
   */
  #outParameterEdges(call: CallRec, rec: FnRec): void {
    if (this.#sources === null || this.#sources.length === 0) return;
    const written = (this.#outParams ??= this.#memberWrittenParams()).get(rec.node);
    if (written === undefined || this.#callersOf(rec.node).length > 6) return;
    const args = call.node.arguments;
    for (const { index, gid } of written) {
      const a = args[index];
      const b = a !== undefined && a.type === 'Identifier' ? call.scope.lookup(a.name) : null;
      if (b) {
        this.#extraFrom.push(gid);
        this.#extraTo.push(b.gid);
      }
    }
  }

  /** Per function: its parameters that it writes properties of (`out.n = v`, `out[k] = v`). */
  #memberWrittenParams(): Map<any, Array<{ index: number; gid: number }>> {
    const written = new Set<Binding>();
    for (const a of this.facts.assigns) {
      const o = a.node.left.type === 'MemberExpression' ? a.node.left.object : null;
      const b = o !== null && o.type === 'Identifier' ? a.scope.lookup(o.name) : null;
      if (b !== null && b.kind === 'param') written.add(b);
    }
    const out = new Map<any, Array<{ index: number; gid: number }>>();
    for (const rec of this.facts.fns) {
      const params = rec.node.params;
      for (let i = 0; i < params.length; i++) {
        const p = params[i];
        const b = p.type === 'Identifier' ? rec.scope.vars.get(p.name) : undefined;
        if (b === undefined || b.kind !== 'param' || (b.props === null && !written.has(b))) continue;
        let l = out.get(rec.node);
        if (!l) out.set(rec.node, (l = []));
        l.push({ index: i, gid: b.gid });
      }
    }
    return out;
  }

  #triggers: Array<{ node: any; loc: Loc; words: string }> | null = null;

  /** Tests of the page URL against checkout words: `/onepage|checkout/.test(location.href)`. */
  checkoutTriggers(): Array<{ node: any; loc: Loc; words: string }> {
    if (this.#triggers) return this.#triggers;
    const out: Array<{ node: any; loc: Loc; words: string }> = [];
    const isLoc = (e: any, scope: Scope): boolean => {
      if (!e) return false;
      const n = this.#objName(e, scope);
      return n !== null && /(^|\.)(location(\.(href|pathname|search|hash|toString))?|URL|documentURI|baseURI)$/.test(n);
    };
    const words = (e: any, scope: Scope, depth = 0): string | null => {
      if (!e || depth > 4) return null;
      if (e.type === 'Literal' && e.regex) return CHECKOUT_WORDS.test(e.regex.pattern) ? e.regex.pattern : null;
      if (e.type === 'NewExpression' || (e.type === 'CallExpression' && e.callee.type === 'Identifier' && e.callee.name === 'RegExp')) {
        const r = this.ev.resolveString(e.arguments?.[0], scope);
        return r && CHECKOUT_WORDS.test(r.value) ? r.value : null;
      }
      if (e.type === 'Identifier') {
        const b = scope.lookup(e.name);
        if (b && b.writes === 1 && b.defs.length === 1 && b.defs[0]!.node !== e) return words(b.defs[0]!.node, b.defs[0]!.scope, depth + 1);
      }
      const r = this.ev.resolveString(e, scope);
      return r && r.value.length < 200 && CHECKOUT_WORDS.test(r.value) ? r.value : null;
    };
    for (let ci = 0, calls = this.facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      if (call.plain !== null && !URL_TEST_METHODS.has(call.plain)) continue;
      const c = call.node.callee;
      if (c.type !== 'MemberExpression') continue;
      const name = call.plain ?? this.#propName(c, call.scope);
      if (!name || !URL_TEST_METHODS.has(name)) continue;
      const arg = call.node.arguments[0];
      let w: string | null = null;
      if (isLoc(c.object, call.scope)) w = words(arg, call.scope);
      else if (isLoc(arg, call.scope)) w = words(c.object, call.scope);
      else if (c.object.type === 'CallExpression' && c.object.callee.type === 'MemberExpression' && isLoc(c.object.callee.object, call.scope)) w = words(arg, call.scope);
      if (w && (name === 'match' || name === 'exec') && this.#extractsCapture(call)) w = null;
      if (w) out.push({ node: call.node, loc: this.loc(call.node), words: w });
    }
    return (this.#triggers = out);
  }

  /** `(location.pathname.match(/checkout\/(\w+)/) || [])[1]`: a part of the URL taken as data (a funnel step), not a test. */
  #extractsCapture(call: CallRec): boolean {
    const root = call.fn?.node.body ?? this.facts.program;
    if (!root) return false;
    let parent: any = null;
    traverse(root, (n: any, p: any) => {
      if (n === call.node) parent = p;
    }, emptyListeners());
    if (parent === null) return false;
    if (parent.type === 'MemberExpression' && parent.computed && parent.object === call.node) return true;
    return parent.type === 'LogicalExpression' && parent.operator === '||' && parent.left === call.node && parent.right.type === 'ArrayExpression';
  }

  sinks(): SinkRec[] {
    this.#classify();
    return this.#sinks!;
  }

  sources(): SourceRec[] {
    this.#classify();
    return this.#sources!;
  }

  encoders(): Map<number, { name: string; node: any }> {
    this.#classify();
    return this.#encoders;
  }

  /** Number of property names that only resolved through decoding (obfuscated API access). */
  hiddenPropertyNames(): number {
    this.#classify();
    return this.#decoderCalls;
  }

  /** Which payment data reaches which sink (one BFS per source class over the flow graph). */
  flows(): SinkFlow[] {
    if (this.#flows) return this.#flows;
    this.#classify();
    const sources = this.#sources!;
    const sinks = this.#sinks!;
    const flows: SinkFlow[] = sinks.map((sink) => ({ sink }));
    this.#flows = flows;
    if (sinks.length === 0 || (sources.length === 0 && this.#encoders.size === 0)) return flows;
    const facts = this.facts;
    // the graph is only built when something can flow: identifier edges, then calls into user
    // functions and callbacks (in call order), then storage staging
    facts.resolveEdges();
    for (let ci = 0, calls = facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      const plain = call.callee === undefined ? this.memberName(call) : null;
      const recv = call.node.callee.object;
      if (plain !== null && !NEEDS_RECEIVER.has(plain) && !(recv.type === 'Identifier' && GLOBAL_OBJECTS.has(recv.name))) {
        // what callee() would say for `x.method()`, without resolving and allocating it
        this.#callEdges(call, plain, recv);
        continue;
      }
      const { name, obj } = this.callee(call);
      if (name !== null) this.#callEdges(call, name, obj);
      else if (call.node.callee.type === 'CallExpression' || call.node.callee.type === 'MemberExpression') {
        // `pick()(url)`, `senders[i](url)`: a function taken from a table of functions, chosen at run time
        for (const fn of this.#tableFunctions(call.node.callee, call.scope, 0)) this.#callInto(call, fn);
      }
    }
    // listener registrations on payment fields reach the handler's parameters and `this.value`
    const handlerOf = new Map<any, number>();
    for (const h of this.#handlerSources) {
      const rec = facts.fnByNode.get(h.fn);
      if (rec) facts.paramEdges(rec, h.gid, this.#extraFrom, this.#extraTo);
      // the focused field, read from the document in the handler (`d.activeElement.value` on keyup)
      for (const a of this.#activeElementReads) {
        if (a.node.start >= h.fn.start && a.node.end <= h.fn.end) {
          this.#extraFrom.push(h.gid);
          this.#extraTo.push(a.gid);
        }
      }
      // the element the handler is bound to, where `this` is handed on (`track(this)`)
      if (rec && h.fn.type === 'FunctionExpression') {
        this.#extraFrom.push(h.gid);
        this.#extraTo.push(facts.thisGid(rec.scope));
      }
      const self = facts.global.vars.get('#this.value');
      if (self) { this.#extraFrom.push(h.gid); this.#extraTo.push(self.gid); }
      handlerOf.set(h.fn, h.gid);
    }
    // `$(this)` is what the function was bound to: the receiver of the method call it is a callback
    // of (`$('input').each(function () { $(this).val() })`, `field.addEventListener(…)`), or the
    // field of an `on*` handler property
    for (let ci = 0, calls = facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      if (call.plain !== null || call.fn === null) continue;
      const c = call.node.callee;
      const a = call.node.arguments;
      if (c.type !== 'Identifier' || !JQUERY_NAMES.has(c.name) || a.length !== 1 || a[0].type !== 'ThisExpression') continue;
      const outer = this.#callbackCall(call.fn.node);
      const from = outer && outer.node.callee.type === 'MemberExpression' ? outer.gid : handlerOf.get(call.fn.node);
      if (from !== undefined) {
        this.#extraFrom.push(from);
        this.#extraTo.push(call.gid);
      }
    }
    // `$(sel).each(function (i, el) { this.value … })`, `els.forEach(el => el.value)`: what the receiver
    // holds reaches the callback's `this` and its element parameter
    for (let ci = 0, calls = facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      if (call.plain !== 'each' && call.plain !== 'forEach' && call.plain !== 'call') continue;
      const c = call.node.callee;
      let fn = call.node.arguments[0];
      let list = c.object;
      if (call.plain === 'call') {
        // `Array.prototype.forEach.call(nodeList, fn)`, `[].forEach.call(…)`: the list is the receiver given
        if (c.object.type !== 'MemberExpression' || this.#propName(c.object, call.scope) !== 'forEach' || call.node.arguments.length < 2) continue;
        list = call.node.arguments[0];
        fn = call.node.arguments[1];
      } else if (c.object.type === 'Identifier' && (JQUERY_NAMES.has(c.object.name) || c.object.name === '_') && call.node.arguments.length >= 2) {
        // `$.each(list, function (i, x) {…})`, `_.each(list, fn)`: the list is the first argument
        list = call.node.arguments[0];
        fn = call.node.arguments[1];
      }
      if (!fn) continue;
      // a named function or an object's method given by reference (`list.forEach(Mask.bind)`)
      if (fn.type === 'Identifier') fn = call.scope.lookup(fn.name)?.fn ?? fn;
      else if (fn.type === 'MemberExpression' && !fn.computed && fn.property.type === 'Identifier') {
        const l = facts.methods.get(fn.property.name);
        if (l && l.length === 1) fn = l[0];
      }
      if (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionDeclaration') continue;
      const from = list.type === 'CallExpression' ? this.#callGid(list) : list.type === 'Identifier' ? call.scope.lookup(list.name)?.gid : undefined;
      if (from === undefined) continue;
      const rec = facts.fnByNode.get(fn);
      if (rec) facts.paramEdges(rec, from, this.#extraFrom, this.#extraTo);
      const self = fn.type === 'FunctionExpression' ? facts.global.vars.get('#this.value') : undefined;
      if (self) {
        this.#extraFrom.push(from);
        this.#extraTo.push(self.gid);
      }
    }
    // the page's URL as the Referer: with a policy that sends the full URL to other sites
    // (`img.referrerPolicy = 'unsafe-url'`), what the script put in the URL goes out with its requests
    if (facts.fullReferrer && this.#urlWrites.length > 0) {
      for (const s of sinks) {
        if (!NETWORK_SINKS.has(s.kind)) continue;
        for (const u of this.#urlWrites.slice(0, 16)) {
          this.#extraFrom.push(u);
          this.#extraTo.push(s.gid);
        }
      }
    }
    this.#idbSuccessHandlers();
    if (sources.length > 0) this.#eventBusEdges();
    // storage staging: anything written to storage may come back from any read
    const w = this.#storageWrites.slice(0, 64);
    const r = this.#storageReads.slice(0, 64);
    for (const a of w) for (const b of r) {
      this.#extraFrom.push(a);
      this.#extraTo.push(b);
    }
    const N = facts.gCount;
    const from = facts.eFrom.data;
    const to = facts.eTo.data;
    const nEdges = facts.eFrom.length;
    // A request's value is its response (or a promise of it): what the request sent does not come back
    // in it. Without this cut, a checkout posting the card to its own site and then following the
    // response's redirect URL reads as the card sent to a computed destination.
    const opaque = new Uint8Array(N);
    for (const s of sinks) if (RESPONSE_SINKS.has(s.kind)) opaque[s.gid] = 1;
    // a payment library's tokeniser returns (or calls back with) a token: the card it was given stays there
    for (let ci = 0, calls = facts.calls; ci < calls.length; ci++) {
      const call = calls[ci]!;
      if (call.plain !== null && TOKENIZERS.has(call.plain) && call.gid < N) opaque[call.gid] = 1;
      // `brand = detect(number)` where detect returns an entry of a constant table (`return BRANDS[i]`): what
      // comes back is the table's, whatever the card was (the brand a checkout reports)
      else if (sources.length > 0 && call.plain === null && call.node.callee.type === 'Identifier' && call.gid < N) {
        const fn = call.scope.lookup(call.node.callee.name)?.fn;
        if (fn && this.#returnsTableEntries(fn)) opaque[call.gid] = 1;
      }
    }
    const start = new Int32Array(N + 1);
    for (let i = 0; i < nEdges; i++) if (opaque[from[i]!] === 0) start[from[i]! + 1]!++;
    for (let i = 0; i < this.#extraFrom.length; i++) if (opaque[this.#extraFrom[i]!] === 0) start[this.#extraFrom[i]! + 1]!++;
    for (let i = 0; i < N; i++) start[i + 1]! += start[i]!;
    const adj = new Int32Array(start[N]!);
    const fill = start.slice(0, N);
    for (let i = 0; i < nEdges; i++) if (opaque[from[i]!] === 0) adj[fill[from[i]!]!++] = to[i]!;
    for (let i = 0; i < this.#extraFrom.length; i++) if (opaque[this.#extraFrom[i]!] === 0) adj[fill[this.#extraFrom[i]!]!++] = this.#extraTo[i]!;
    const sinkByGid = new Map<number, number[]>();
    sinks.forEach((s, i) => {
      const l = sinkByGid.get(s.gid);
      if (l) l.push(i);
      else sinkByGid.set(s.gid, [i]);
    });
    const encoders = this.#encoders;
    if (encoders.size) {
      const seen = new Int32Array(N).fill(-1);
      const queue: number[] = [];
      for (const g of encoders.keys()) {
        seen[g] = g;
        queue.push(g);
      }
      for (let qi = 0; qi < queue.length; qi++) {
        const g = queue[qi]!;
        for (let k = start[g]!; k < start[g + 1]!; k++) {
          const t = adj[k]!;
          if (seen[t] !== -1) continue;
          seen[t] = seen[g]!;
          queue.push(t);
        }
      }
      for (const [gid, idxs] of sinkByGid) {
        const e = seen[gid]!;
        if (e === -1) continue;
        for (const i of idxs) flows[i]!.encoded = { name: encoders.get(e)!.name, loc: this.loc(encoders.get(e)!.node) };
      }
    }
    // membership as flat arrays: the searches below test every edge
    const isEncoder = new Uint8Array(N);
    for (const g of encoders.keys()) isEncoder[g] = 1;
    const maxHops = N <= SMALL_GRAPH_NODES ? MAX_FLOW_HOPS_SMALL : MAX_FLOW_HOPS;
    const isStorageRead = new Uint8Array(N);
    if (w.length > 0) for (const g of r) isStorageRead[g] = 1;
    // parameters: a source read at a helper's call site does not flow back into the helper's parameters
    const isParam = new Uint8Array(N);
    if (sources.some((s) => s.atCaller)) {
      for (const rec of facts.fns) for (const p of rec.node.params) if (p.type === 'Identifier') {
        const b = rec.scope.vars.get(p.name);
        if (b && b.gid < N) isParam[b.gid] = 1;
      }
    }
    for (const cls of ['card', 'sweep', 'personal', 'delegated'] as SourceClass[]) {
      const srcs = sources.filter((s) => s.cls === cls);
      if (!srcs.length) continue;
      // state = gid * 2 + encoded. The hop count restarts at a storage read (each leg of a staged flow
      // has its own cap), so a state first reached over a long path can later be reached in fewer
      // hops: a state is queued again whenever its count improves (at most maxHops times).
      const origin = new Int32Array(N * 2).fill(-1);
      const encAt = new Int32Array(N * 2).fill(-1);
      const hops = new Int32Array(N * 2).fill(maxHops + 1);
      const queue: number[] = [];
      srcs.forEach((s, i) => {
        const st = s.gid * 2 + isEncoder[s.gid]!;
        if (origin[st] === -1) {
          origin[st] = i;
          hops[st] = 0;
          encAt[st] = isEncoder[s.gid] ? s.gid : -1;
          queue.push(st);
        }
      });
      for (let qi = 0; qi < queue.length; qi++) {
        const st = queue[qi]!;
        const g = st >> 1;
        const enc = st & 1;
        const h = hops[st]!;
        const fromCallSite = h === 0 && srcs[origin[st]!]!.atCaller === true && srcs[origin[st]!]!.gid === g;
        for (let k = start[g]!; k < start[g + 1]!; k++) {
          const t = adj[k]!;
          if (fromCallSite && isParam[t]) continue;
          const nh = isStorageRead[t] ? 0 : h + 1;
          if (nh > maxHops) continue;
          const tEnc = enc | isEncoder[t]!;
          const ts = t * 2 + tEnc;
          if (nh >= hops[ts]!) continue;
          origin[ts] = origin[st]!;
          hops[ts] = nh;
          encAt[ts] = enc ? encAt[st]! : tEnc ? t : -1;
          queue.push(ts);
        }
      }
      for (const [gid, idxs] of sinkByGid) {
        // the encoded state when it is reached within maxHops, else the plain one
        const reached = (x: number) => origin[x] !== -1;
        const st = reached(gid * 2 + 1) ? gid * 2 + 1 : reached(gid * 2) ? gid * 2 : -1;
        if (st === -1) continue;
        const e = encAt[st]!;
        const path: FlowPath = {
          source: srcs[origin[st]!]!,
          hops: hops[st]!,
          encoding: e >= 0 ? { name: encoders.get(e)!.name, loc: this.loc(encoders.get(e)!.node) } : null,
        };
        for (const i of idxs) flows[i]![cls] ??= path;
      }
    }
    return flows;
  }

  get networkSinkKinds(): ReadonlySet<SinkKind> {
    return NETWORK_SINKS;
  }
}
