// Constant folding and string resolution, with a tiny bounded interpreter for the decoder functions
// that string-array obfuscators emit. It never executes the analysed code with real host objects:
// values are plain strings, numbers, booleans, arrays, plain objects and closures over AST nodes,
// every operation counts against a step budget, and strings are capped in size.
import type { Node } from 'estree';
import { Binding, Scope, dottedPath } from '../engine/scope.js';
import { isPackerFunction, unpack } from './packer.js';

/** Result of resolving an expression: its value and whether decoding was needed to get it. */
export interface Resolved {
  value: string;
  /** True when the value only appears after decoding: atob, char codes, escapes, string arrays... */
  hidden: boolean;
}

export const UNKNOWN: unique symbol = Symbol('unknown');
type U = typeof UNKNOWN;

export class Closure {
  readonly props = new Map<string, Val>();
  constructor(
    readonly node: any,
    readonly env: Env,
  ) {}
}
export class Native {
  readonly props = new Map<string, Val>();
  constructor(
    readonly name: string,
    readonly fn: ((self: Val, args: Val[], ev: Evaluator) => Val | U) | null,
    /** For a method got from a value or a prototype: whose method it is (`[].map`, `String.prototype.slice`). */
    readonly owner: 'array' | 'string' | 'number' | null = null,
  ) {}
}
export type Val = string | number | boolean | null | undefined | Val[] | { [k: string]: Val } | Closure | Native;

/** Shared by every Env that binds nothing (most: static evaluation); never written. */
const NO_VARS: ReadonlyMap<string, Val> = new Map<string, Val>();

const NO_WRITES = Symbol('no writes');

class Env {
  /** Names bound in this environment; created on the first `set` (static evaluation binds none). */
  vars: ReadonlyMap<string, Val> = NO_VARS;
  set(name: string, v: Val): void {
    if (this.vars === NO_VARS) this.vars = new Map<string, Val>();
    (this.vars as Map<string, Val>).set(name, v);
  }
  constructor(
    readonly parent: Env | null,
    /** Static scope used for names not bound dynamically. */
    readonly scope: Scope,
  ) {}
}

class BudgetExceeded extends Error {}
class Thrown extends Error {
  constructor(readonly value: Val) {
    super('thrown');
  }
}

const MAX_STR = 1 << 20;
const DECODERS = new Set(['atob', 'decodeURIComponent', 'decodeURI', 'unescape', 'fromCharCode', 'fromCodePoint']);

function isObj(v: Val): v is { [k: string]: Val } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Closure) && !(v instanceof Native);
}

function toStr(v: Val): string | U {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) {
    const parts: string[] = [];
    for (const x of v) {
      if (x === null || x === undefined) parts.push('');
      else {
        const s = toStr(x);
        if (s === UNKNOWN) return UNKNOWN;
        parts.push(s);
      }
    }
    return parts.join(',');
  }
  if (isObj(v)) return '[object Object]';
  return UNKNOWN;
}

function toNum(v: Val): number | U {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null) return 0;
  if (v === undefined) return NaN;
  if (typeof v === 'string') return Number(v);
  if (Array.isArray(v)) {
    const s = toStr(v);
    return s === UNKNOWN ? UNKNOWN : Number(s);
  }
  return NaN;
}

function truthy(v: Val): boolean {
  if (typeof v === 'object') return v !== null;
  return Boolean(v);
}

function safeAtob(s: string): string | U {
  const clean = s.replace(/[\s]/g, '');
  if (!/^[A-Za-z0-9+/\-_]*={0,2}$/.test(clean)) return UNKNOWN;
  try {
    return Buffer.from(clean, 'base64').toString('latin1');
  } catch {
    return UNKNOWN;
  }
}

/**
 * A string written in escapes to hide it ('\\x63\\x63\\x5f…'), not one with the odd escaped
 * character (a non-breaking space, a unicode letter in a bundled module's text).
 */
function looksEscaped(raw: string | undefined): boolean {
  if (raw === undefined || raw.indexOf('\\') < 0) return false;
  const escapes = raw.match(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\})/g);
  if (escapes === null || escapes.length < 2) return false;
  let chars = 0;
  for (const e of escapes) chars += e.length;
  return chars * 2 >= raw.length - 2 || (escapes.length >= 3 && raw.length <= 120);
}

function mkNative(name: string, fn: (self: Val, args: Val[], ev: Evaluator) => Val | U): Native {
  return new Native(name, fn);
}

const NATIVES: Record<string, Native> = {};
function defNative(name: string, fn: (self: Val, args: Val[], ev: Evaluator) => Val | U, decoder = false): Native {
  const n = mkNative(name, (self, args, ev) => {
    if (decoder) ev.markHidden();
    return fn(self, args, ev);
  });
  NATIVES[name] = n;
  return n;
}
defNative('atob', (_s, a) => (typeof a[0] === 'string' ? safeAtob(a[0]) : UNKNOWN), true);
defNative('btoa', (_s, a) => {
  const s = toStr(a[0]);
  return s === UNKNOWN ? UNKNOWN : Buffer.from(s, 'latin1').toString('base64');
});
for (const [name, f] of [
  ['decodeURIComponent', decodeURIComponent],
  ['decodeURI', decodeURI],
  ['unescape', (globalThis as any).unescape as (s: string) => string],
] as const) {
  defNative(
    name,
    (_s, a) => {
      const s = toStr(a[0]);
      if (s === UNKNOWN) return UNKNOWN;
      try {
        return f(s);
      } catch {
        return UNKNOWN;
      }
    },
    true,
  );
}
for (const [name, f] of [
  ['encodeURIComponent', encodeURIComponent],
  ['encodeURI', encodeURI],
  ['escape', (globalThis as any).escape as (s: string) => string],
] as const) {
  defNative(name, (_s, a) => {
    const s = toStr(a[0]);
    if (s === UNKNOWN) return UNKNOWN;
    try {
      return f(s);
    } catch {
      return UNKNOWN;
    }
  });
}
defNative('parseInt', (_s, a) => {
  const s = toStr(a[0]);
  const r = a[1] === undefined ? undefined : toNum(a[1]);
  if (s === UNKNOWN || r === UNKNOWN) return UNKNOWN;
  return parseInt(s, r as number | undefined);
});
defNative('parseFloat', (_s, a) => {
  const s = toStr(a[0]);
  return s === UNKNOWN ? UNKNOWN : parseFloat(s);
});
defNative('isNaN', (_s, a) => {
  const n = toNum(a[0]);
  return n === UNKNOWN ? UNKNOWN : Number.isNaN(n);
});
defNative('String', (_s, a) => (a.length ? toStr(a[0]) : ''));
defNative('Number', (_s, a) => (a.length ? toNum(a[0]) : 0));
defNative('Boolean', (_s, a) => truthy(a[0]));
// `Symbol('send').description`: names spelled out through symbols' descriptions
defNative('Symbol', (_s, a) => {
  const d = a.length ? toStr(a[0]) : undefined;
  return d === UNKNOWN ? UNKNOWN : { description: d };
});
const fromCharCode = defNative(
  'fromCharCode',
  (_s, a) => {
    let out = '';
    for (const x of a) {
      const n = toNum(x);
      if (n === UNKNOWN) return UNKNOWN;
      out += String.fromCharCode(n);
    }
    return out;
  },
  true,
);
const StringNs = NATIVES.String!;
StringNs.props.set('fromCharCode', fromCharCode);
// String.raw`…` and String.raw(strings, ...values): the strings' raw text with the values between
StringNs.props.set('raw', mkNative('raw', (_s, a) => {
  const strings = a[0] as any;
  const raw: unknown = Array.isArray(strings) || isObj(strings) ? (strings as any).raw : UNKNOWN;
  if (!Array.isArray(raw)) return UNKNOWN;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (typeof raw[i] !== 'string') return UNKNOWN;
    out += raw[i];
    if (i + 1 < raw.length && i + 1 < a.length) {
      const v = toStr(a[i + 1]!);
      if (v === UNKNOWN) return UNKNOWN;
      out += v;
    }
    if (out.length > MAX_STR) return UNKNOWN;
  }
  return out;
}));
StringNs.props.set('fromCodePoint', fromCharCode);
const MathNs = new Native('Math', null);
for (const k of ['floor', 'ceil', 'round', 'abs', 'min', 'max', 'pow', 'trunc', 'sqrt'] as const) {
  MathNs.props.set(
    k,
    mkNative(k, (_s, a) => {
      const ns: number[] = [];
      for (const x of a) {
        const n = toNum(x);
        if (n === UNKNOWN) return UNKNOWN;
        ns.push(n);
      }
      return (Math[k] as (...n: number[]) => number)(...ns);
    }),
  );
}
NATIVES.Math = MathNs;
const ArrayNs = new Native('Array', null);
const ArrayProto = new Native('Array.prototype', null);
const StringProto = new Native('String.prototype', null);
ArrayNs.props.set('isArray', mkNative('isArray', (_s, a) => Array.isArray(a[0])));
NATIVES.Array = ArrayNs;
// `JSON.parse(decoded)`: a configuration decoded at run time (hosts, field names) read like a literal
const JsonNs = new Native('JSON', null);
JsonNs.props.set('parse', mkNative('parse', (_s, a) => {
  if (typeof a[0] !== 'string' || a[0].length > 1_000_000) return UNKNOWN;
  try {
    return JSON.parse(a[0]) as Val;
  } catch {
    return UNKNOWN;
  }
}));
// `JSON.stringify(parts)` spliced into code a script builds (a worker's source): strings, numbers and arrays of them
JsonNs.props.set('stringify', mkNative('stringify', (_s, a) => {
  // anything unknown inside (a value the interpreter could not work out) makes the whole text unknown
  const plain = (v: Val | U, depth: number): boolean => {
    if (v === UNKNOWN || typeof v === 'symbol' || v === undefined || typeof v === 'function' || v instanceof Closure || v instanceof Native || depth > 8) return false;
    if (Array.isArray(v)) return v.length <= 10_000 && v.every((x) => plain(x, depth + 1));
    // not objects: an object literal evaluates without the properties it could not work out
    return v === null || typeof v !== 'object';
  };
  // an empty array is what a script fills later (`var q = []; … q.push(v)`), which a static value does not see
  if (a.length !== 1 || !plain(a[0], 0) || (Array.isArray(a[0]) && a[0].length === 0)) return UNKNOWN;
  const out = JSON.stringify(a[0]);
  return out === undefined || out.length > 1_000_000 ? UNKNOWN : out;
}));
NATIVES.JSON = JsonNs;
const GlobalObj = new Native('window', null);
for (const k of ['atob', 'btoa', 'decodeURIComponent', 'decodeURI', 'unescape', 'escape', 'encodeURIComponent', 'encodeURI', 'parseInt', 'parseFloat', 'String', 'Number', 'Math', 'Array', 'JSON', 'isNaN']) {
  GlobalObj.props.set(k, NATIVES[k]!);
}
for (const g of ['window', 'self', 'globalThis', 'top', 'parent', 'frames']) NATIVES[g] = GlobalObj;

/** The subset of the walk's facts the evaluator needs. */
export interface EvalHost {
  /** Static scope of a function node (its own scope, holding params). */
  fnScope(fn: Node): Scope | undefined;
  /** The object literal a function is a method of, for `this.x`. */
  readonly thisObject?: Map<any, any>;
  /** The call invoking a function expression immediately: its parameters are that call's arguments. */
  readonly iifeOf?: Map<any, { node: any; scope: Scope }>;
  /** The one `new C(…)` of the class whose constructor a function is: its parameters are that call's arguments. */
  ctorCallOf?(fn: any): { node: any; scope: Scope } | undefined;
  /** The one call of a factory function an immediately invoked wrapper is given (UMD). */
  factoryCallOf?(fn: any): { node: any; scope: Scope } | undefined;
  /** The program being analysed (its top-level statements). */
  readonly program?: any;
}

export interface EvaluatorOptions {
  /** Interpreter steps allowed for the whole script. */
  budget?: number;
}

const MAX_PREFIX_DEPTH = 48;

type Completion = { type: 'normal' | 'return' | 'break' | 'continue'; value?: Val; label?: string | null };
const NORMAL: Completion = { type: 'normal' };

/**
 * Resolves expressions to constant values. `resolveString(node, scope)` is the main entry. Results are
 * memoised per node (static mode) and per binding.
 */
export class Evaluator {
  #host: EvalHost;
  #budget: number;
  #store = new Map<Binding, Val | U>();
  #inProgress = new Set<Binding>();
  // a Map, not a WeakMap: it lives no longer than the analysis, and weak maps cost every GC
  #memo = new Map<Node, { v: Val | U; h: boolean }>();
  #hidden = false;
  #depth = 0;
  #local = 0;
  #outer = 0;

  constructor(host: EvalHost, opts: EvaluatorOptions = {}) {
    this.#host = host;
    this.#budget = opts.budget ?? 3_000_000;
  }

  /** Call an interpreted function value (a `replace` callback); UNKNOWN when it is not one. */
  callValue(fn: Val | U, args: Val[]): Val | U {
    return fn instanceof Closure ? this.#call(fn, undefined, args, null) : UNKNOWN;
  }

  markHidden(): void {
    this.#hidden = true;
  }

  /** Resolve to a string (numbers are stringified); null when unknown. */
  resolveString(node: Node | null | undefined, scope: Scope): Resolved | null {
    if (!node) return null;
    const r = this.evaluate(node, scope);
    if (r === null) return null;
    const s = toStr(r.value);
    if (s === UNKNOWN || typeof r.value === 'object') return null;
    return { value: s, hidden: r.hidden };
  }

  /** Resolve to a string with some names bound: a function's parameters, to what one of its callers passes. */
  resolveWith(node: Node, scope: Scope, bindings: ReadonlyMap<string, Val>): Resolved | null {
    const r = this.evaluate(node, scope, bindings);
    if (r === null) return null;
    const s = toStr(r.value);
    return s === UNKNOWN || typeof r.value === 'object' ? null : { value: s, hidden: r.hidden };
  }

  /** Resolve to any constant value; null when unknown. */
  evaluate(node: Node, scope: Scope, bindings?: ReadonlyMap<string, Val>): { value: Val; hidden: boolean } | null {
    const saved = this.#hidden;
    this.#hidden = false;
    let v: Val | U;
    if (this.#outer++ === 0) this.#local = 60_000;
    try {
      // names bound for this evaluation live in an inner environment: results under it are not memoized
      const env = bindings ? new Env(new Env(null, scope), scope) : new Env(null, scope);
      if (bindings) for (const [k, x] of bindings) env.set(k, x);
      v = this.#ev(node, env, true);
    } catch (e) {
      if (e instanceof RangeError || e instanceof BudgetExceeded || e instanceof Thrown) v = UNKNOWN;
      else throw e;
    } finally {
      this.#outer--;
    }
    const hidden = this.#hidden;
    this.#hidden = saved || hidden;
    return v === UNKNOWN ? null : { value: v, hidden };
  }

  /**
   * What the script's function `callee` returns for constant arguments (`u(T[k])` for each row k of a
   * table); null when it is no function of the script or the result is unknown. Always hidden: decoded.
   */
  applyTo(callee: Node, scope: Scope, args: Val[]): { value: Val; hidden: boolean } | null {
    const fn = this.evaluate(callee, scope);
    if (fn === null || !(fn.value instanceof Closure)) return null;
    const saved = this.#hidden;
    let v: Val | U;
    if (this.#outer++ === 0) this.#local = 60_000;
    try {
      v = this.#runDecoder(fn.value, args);
    } catch (e) {
      if (e instanceof RangeError || e instanceof BudgetExceeded || e instanceof Thrown) v = UNKNOWN;
      else throw e;
    } finally {
      this.#outer--;
      this.#hidden = saved;
    }
    return v === UNKNOWN ? null : { value: v, hidden: true };
  }

  /**
   * The leading constant part of a string expression: `'https://x.example/?d=' + data` gives the URL
   * prefix even though `data` is unknown.
   */
  prefix(node: Node | null | undefined, scope: Scope, depth = 0): { value: string; hidden: boolean; complete: boolean } {
    if (!node || depth > MAX_PREFIX_DEPTH) return { value: '', hidden: false, complete: false };
    const full = this.resolveString(node, scope);
    if (full) return { value: full.value, hidden: full.hidden, complete: true };
    // `a + b + c` and `a.concat(b).concat(c)` are left-deep (Babel writes hundreds of `.concat`):
    // walk down the spine in a loop, then read the parts in source order
    const tails: any[][] = [];
    let base = node as any;
    let plus = false;
    for (;;) {
      if (base.type === 'BinaryExpression' && base.operator === '+') {
        tails.push([base.right]);
        base = base.left;
        plus = true;
      } else if (base.type === 'CallExpression' && base.callee.type === 'MemberExpression' && !base.callee.computed && base.callee.property.name === 'concat') {
        tails.push(base.arguments);
        base = base.callee.object;
      } else break;
    }
    if (tails.length > 0) {
      const b = this.prefix(base, scope, depth + 1);
      if (!b.complete) return b;
      let out = b.value;
      let hidden = b.hidden;
      for (let k = tails.length - 1; k >= 0; k--) {
        for (const a of tails[k]!) {
          const r = this.prefix(a, scope, depth + 1);
          out += r.value;
          hidden ||= r.hidden;
          if (!r.complete) return { value: out, hidden, complete: false };
        }
      }
      return { value: out, hidden, complete: !plus };
    }
    const n = base;
    if (n.type === 'TemplateLiteral') {
      let out = '';
      let hidden = false;
      for (let i = 0; i < n.quasis.length; i++) {
        out += n.quasis[i].value.cooked ?? '';
        if (i < n.expressions.length) {
          const r = this.resolveString(n.expressions[i], scope);
          if (!r) return { value: out, hidden, complete: false };
          out += r.value;
          hidden ||= r.hidden;
        }
      }
      return { value: out, hidden, complete: true };
    }
    if (n.type === 'Identifier') {
      const b = scope.lookup(n.name);
      if (b && b.writes === 1 && b.defs.length === 1 && !b.fn) return this.prefix(b.defs[0]!.node, b.defs[0]!.scope, depth + 1);
    }
    return { value: '', hidden: false, complete: false };
  }

  /** Evaluate a call of a known decoder function object (used by rules to spot string-array lookups). */
  isDecoderCall(node: Node, scope: Scope): boolean {
    const r = this.evaluate(node, scope);
    return r !== null && r.hidden;
  }

  // ---------------------------------------------------------------------------------------------

  #step(): void {
    if (--this.#budget < 0 || --this.#local < 0) throw new BudgetExceeded();
  }

  /**
   * Run one statement-level expression (a string-array rotation IIFE) for its effect on bindings.
   * Returns false when it did not complete within its budget.
   */
  execute(node: Node, scope: Scope, steps = 2_000_000): boolean {
    const savedLocal = this.#local;
    this.#local = steps;
    this.#outer++;
    try {
      this.#ev(node, new Env(null, scope), false);
      return true;
    } catch (e) {
      if (e instanceof RangeError || e instanceof BudgetExceeded || e instanceof Thrown) return false;
      throw e;
    } finally {
      this.#outer--;
      this.#local = savedLocal;
    }
  }

  #inPrefix = false;
  #prefixMemo = new Map<Binding, Map<number, Val | U>>();

  /**
   * A string a function builds in steps before it uses it (`var c = ''; for (…) c += String.fromCharCode(…);
   * eval(c)`): the value after running the statements of the function body that come before the one
   * using it. Only for a string accumulator (declared with a string, written again), used in its own
   * function's body, and only when those statements run to completion on constants.
   */
  #builtBefore(use: any, scope: Scope): Val | U {
    const b = scope.lookup(use.name);
    if (b === null || b.scope !== scope || b.writes < 2 || (b.kind !== 'var' && b.kind !== 'let')) return UNKNOWN;
    const init = b.defs[0]?.node as any;
    if (!init || !((init.type === 'Literal' && typeof init.value === 'string') || init.type === 'TemplateLiteral')) return UNKNOWN;
    // a function's body, or the program's top level
    const body = scope.fn !== null ? (scope.fn as any).body : this.#host.program;
    if (!body || (body.type !== 'BlockStatement' && body.type !== 'Program')) return UNKNOWN;
    const stmts: any[] = body.body;
    let j = 0;
    while (j < stmts.length && stmts[j].end <= use.start) j++;
    if (j === 0 || j >= stmts.length || stmts[j].start > use.start) return UNKNOWN;
    // a bundle's top level is not run up to a use deep inside it
    if (scope.fn === null && j > 64) return UNKNOWN;
    let memo = this.#prefixMemo.get(b);
    if (memo === undefined) this.#prefixMemo.set(b, (memo = new Map()));
    const hit = memo.get(j);
    if (hit !== undefined || memo.has(j)) return hit;
    memo.set(j, UNKNOWN);
    const saved = this.#hidden;
    this.#inPrefix = true;
    let v: Val | U = UNKNOWN;
    try {
      const env = new Env(null, scope);
      this.#hoist(stmts, env);
      const r = this.#execBlock(stmts.slice(0, j), env);
      if (r.type === 'normal') v = env.vars.get(b.name);
    } catch (e) {
      if (!(e instanceof RangeError || e instanceof BudgetExceeded || e instanceof Thrown)) throw e;
      v = UNKNOWN;
    } finally {
      this.#inPrefix = false;
    }
    if (typeof v !== 'string') {
      this.#hidden = saved;
      v = UNKNOWN;
    }
    memo.set(j, v);
    return v;
  }

  /** Value of a static binding (single definition, or a function declaration). */
  #bindingValue(b: Binding): Val | U {
    if (this.#store.has(b)) return this.#store.get(b)!;
    if (this.#inProgress.has(b)) return UNKNOWN;
    let v: Val | U = UNKNOWN;
    this.#inProgress.add(b);
    try {
      if (b.fn && (b.kind === 'function' || b.writes <= 1)) {
        const fs = this.#host.fnScope(b.fn);
        v = new Closure(b.fn, new Env(null, fs?.parent ?? b.scope));
      } else if (b.writes === 1 && b.defs.length === 1 && b.kind !== 'param' && b.kind !== 'catch') {
        const d = b.defs[0]!;
        v = this.#ev(d.node, new Env(null, d.scope), true);
      } else if (b.kind === 'param' && b.writes === 0 && b.scope.fn !== null) {
        // `(function (cfg) { … })([…])`: a parameter of an immediately invoked function is its argument
        const call = this.#host.iifeOf?.get(b.scope.fn) ?? this.#host.ctorCallOf?.(b.scope.fn) ?? this.#host.factoryCallOf?.(b.scope.fn);
        const params = (b.scope.fn as any).params as any[];
        const i = call ? params.findIndex((p) => p.type === 'Identifier' && p.name === b.name) : -1;
        const arg = i >= 0 ? call!.node.arguments[i] : undefined;
        if (arg !== undefined && arg.type !== 'SpreadElement') v = this.#ev(arg, new Env(null, call!.scope), true);
      }
    } finally {
      this.#inProgress.delete(b);
    }
    // Keep the value (even when unknown) so that mutations by interpreted code are shared.
    this.#store.set(b, v);
    return v;
  }

  #lookup(name: string, env: Env): Val | U {
    for (let e: Env | null = env; e; e = e.parent) {
      if (e.vars.has(name)) return e.vars.get(name)!;
      if (!e.parent) {
        const b = e.scope.lookup(name);
        if (b && b.kind !== 'implicit') return this.#bindingValue(b);
        if (b && b.kind === 'implicit' && this.#store.has(b)) return this.#store.get(b)!;
        if (name === 'undefined') return undefined;
        if (name === 'NaN') return NaN;
        if (name === 'Infinity') return Infinity;
        const nat = NATIVES[name];
        if (nat) return nat;
        return UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  #assign(name: string, env: Env, v: Val | U): void {
    for (let e: Env | null = env; e; e = e.parent) {
      if (e.vars.has(name)) {
        e.set(name, v as Val);
        return;
      }
      if (!e.parent) {
        const b = e.scope.lookup(name);
        if (b) this.#store.set(b, v);
        else e.set(name, v as Val);
        return;
      }
    }
  }

  #prop(obj: Val | U, key: Val | U): Val | U {
    if (obj === UNKNOWN || key === UNKNOWN) return UNKNOWN;
    const k = toStr(key);
    if (k === UNKNOWN) return UNKNOWN;
    if (typeof obj === 'string') {
      if (k === 'length') return obj.length;
      if (/^\d+$/.test(k)) return obj[Number(k)];
      return STRING_METHODS[k] ? new Native(k, null, 'string') : UNKNOWN;
    }
    if (Array.isArray(obj)) {
      if (k === 'length') return obj.length;
      if (k === 'raw' && Array.isArray((obj as any).raw)) return (obj as any).raw;
      if (/^\d+$/.test(k)) return obj[Number(k)];
      // `[][[]]` (JSFuck's `undefined`): no array has a property named by the empty string
      if (k === '') return undefined;
      return ARRAY_METHODS[k] ? new Native(k, null, 'array') : UNKNOWN;
    }
    if (typeof obj === 'number') return NUMBER_METHODS[k] ? new Native(k, null, 'number') : UNKNOWN;
    // `Array.prototype.map`, `String.prototype.charCodeAt`: methods borrowed with call/apply
    if (obj === ArrayNs && k === 'prototype') return ArrayProto;
    if (obj === StringNs && k === 'prototype') return StringProto;
    if (obj === ArrayProto) return ARRAY_METHODS[k] ? new Native(k, null, 'array') : UNKNOWN;
    if (obj === StringProto) return STRING_METHODS[k] ? new Native(k, null, 'string') : UNKNOWN;
    if (obj instanceof Closure || obj instanceof Native) {
      if (obj.props.has(k)) return obj.props.get(k)!;
      if (obj instanceof Native && obj === GlobalObj) return UNKNOWN;
      return undefined;
    }
    if (isObj(obj)) return Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : undefined;
    return UNKNOWN;
  }

  #call(fn: Val | U, self: Val | U, args: Val[], methodName: string | null): Val | U {
    this.#step();
    if (fn === UNKNOWN) return UNKNOWN;
    if (fn instanceof Native) {
      if (fn.fn) return fn.fn(self as Val, args, this);
      if (methodName && self !== UNKNOWN) return this.#method(self as Val, methodName, args);
      return UNKNOWN;
    }
    if (fn instanceof Closure) return this.#invoke(fn, args);
    return UNKNOWN;
  }

  #method(self: Val, name: string, args: Val[]): Val | U {
    if (typeof self === 'string') return STRING_METHODS[name]?.(self, args, this) ?? UNKNOWN;
    if (Array.isArray(self)) return ARRAY_METHODS[name]?.(self, args, this) ?? UNKNOWN;
    if (typeof self === 'number') return NUMBER_METHODS[name]?.(self, args, this) ?? UNKNOWN;
    return UNKNOWN;
  }

  #invoke(c: Closure, args: Val[]): Val | U {
    if (++this.#depth > 60) {
      this.#depth--;
      throw new BudgetExceeded();
    }
    try {
      const fn = c.node;
      const scope = this.#host.fnScope(fn) ?? c.env.scope;
      const env = new Env(c.env, scope);
      env.set('arguments', args);
      if (fn.type === 'FunctionExpression' && fn.id) env.set(fn.id.name, c);
      fn.params.forEach((p: any, i: number) => {
        if (p.type === 'Identifier') env.set(p.name, args[i]);
        else if (p.type === 'RestElement' && p.argument.type === 'Identifier') env.set(p.argument.name, args.slice(i));
        else if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') {
          env.set(p.left.name, args[i] === undefined ? (this.#ev(p.right, env, false) as Val) : args[i]);
        }
      });
      if (fn.body.type !== 'BlockStatement') return this.#ev(fn.body, env, false);
      this.#hoist(fn.body.body, env);
      const r = this.#execBlock(fn.body.body, env);
      return r.type === 'return' ? (r.value as Val) : undefined;
    } finally {
      this.#depth--;
    }
  }

  /** A script's own function run on constants: what it returns is decoded (hidden); unknown when it throws. */
  #runDecoder(fn: Closure, args: Val[]): Val | U {
    this.#hidden = true;
    try {
      return this.#invoke(fn, args);
    } catch (e) {
      if (e instanceof Thrown) return UNKNOWN;
      throw e;
    }
  }

  #hoist(body: any[], env: Env): void {
    for (const s of body) {
      if (s.type === 'FunctionDeclaration' && s.id) env.set(s.id.name, new Closure(s, env));
      else if (s.type === 'VariableDeclaration') {
        for (const d of s.declarations) if (d.id.type === 'Identifier' && !env.vars.has(d.id.name)) env.set(d.id.name, undefined);
      }
    }
  }

  #execBlock(body: any[], env: Env): Completion {
    for (const s of body) {
      const r = this.#exec(s, env);
      if (r.type !== 'normal') return r;
    }
    return NORMAL;
  }

  /** Whether an expression mentions a variable of the code being run (one `env` holds). */
  #touchesLocals(e: any, env: Env): boolean {
    for (const name of namesIn(e, new Set())) {
      for (let x: Env | null = env; x; x = x.parent) if (x.vars.has(name)) return true;
    }
    return false;
  }

  #exec(s: any, env: Env): Completion {
    this.#step();
    switch (s.type) {
      case 'ExpressionStatement': {
        const v = this.#ev(s.expression, env, false);
        // running the statements before a use (#builtBefore): a call of something unknown for its effect
        // (`$('img').lazy();` before the decoding loop) is taken to leave the script's own values alone
        if (this.#inPrefix && v === UNKNOWN && s.expression.type === 'CallExpression' && !this.#touchesLocals(s.expression, env)) return NORMAL;
        this.#must(v);
        return NORMAL;
      }
      case 'VariableDeclaration':
        for (const d of s.declarations) {
          if (d.id.type !== 'Identifier') throw new Thrown('pattern');
          if (d.init) env.set(d.id.name, this.#must(this.#ev(d.init, env, false)));
          else if (!env.vars.has(d.id.name)) env.set(d.id.name, undefined);
        }
        return NORMAL;
      case 'FunctionDeclaration':
        return NORMAL;
      case 'ReturnStatement':
        return { type: 'return', value: s.argument ? this.#must(this.#ev(s.argument, env, false)) : undefined };
      case 'IfStatement': {
        // running the statements before a use (#builtBefore): an early exit on a test about the page
        // (`if (!location.href.includes('checkout')) return;`) was not taken, or the use is not reached
        const test = this.#ev(s.test, env, false);
        if (this.#inPrefix && test === UNKNOWN && s.alternate === null && exitsOnly(s.consequent)) return NORMAL;
        if (truthy(this.#must(test))) return this.#exec(s.consequent, env);
        return s.alternate ? this.#exec(s.alternate, env) : NORMAL;
      }
      case 'BlockStatement':
        this.#hoist(s.body, env);
        return this.#execBlock(s.body, env);
      case 'EmptyStatement':
        return NORMAL;
      case 'BreakStatement':
        return { type: 'break', label: s.label?.name ?? null };
      case 'ContinueStatement':
        return { type: 'continue', label: s.label?.name ?? null };
      case 'ThrowStatement':
        throw new Thrown(this.#ev(s.argument, env, false) as Val);
      case 'TryStatement': {
        let r: Completion = NORMAL;
        try {
          r = this.#exec(s.block, env);
        } catch (e) {
          if (!(e instanceof Thrown) || !s.handler) throw e;
          if (s.handler.param?.type === 'Identifier') env.set(s.handler.param.name, e.value);
          r = this.#exec(s.handler.body, env);
        } finally {
          if (s.finalizer) {
            const f = this.#exec(s.finalizer, env);
            if (f.type !== 'normal') r = f;
          }
        }
        return r;
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement': {
        if (s.type === 'ForStatement' && s.init) {
          if (s.init.type === 'VariableDeclaration') this.#exec(s.init, env);
          else this.#must(this.#ev(s.init, env, false));
        }
        let first = s.type === 'DoWhileStatement';
        for (;;) {
          this.#step();
          if (!first && s.test && !truthy(this.#must(this.#ev(s.test, env, false)))) break;
          first = false;
          const r = this.#exec(s.body, env);
          if (r.type === 'return') return r;
          if (r.type === 'break') {
            if (r.label) return r;
            break;
          }
          if (r.type === 'continue' && r.label) return r;
          if (s.type === 'ForStatement' && s.update) this.#must(this.#ev(s.update, env, false));
        }
        return NORMAL;
      }
      case 'LabeledStatement': {
        const r = this.#exec(s.body, env);
        if ((r.type === 'break' || r.type === 'continue') && r.label === s.label.name) return NORMAL;
        return r;
      }
      default:
        throw new Thrown('unsupported');
    }
  }

  #must(v: Val | U): Val {
    if (v === UNKNOWN) throw new Thrown('unknown');
    return v;
  }

  #ev(node: any, env: Env, pure: boolean): Val | U {
    this.#step();
    if (pure && env.parent === null) {
      const m = this.#memo.get(node);
      if (m) {
        if (m.h) this.#hidden = true;
        return m.v;
      }
      const saved = this.#hidden;
      this.#hidden = false;
      const v = this.#ev1(node, env, pure);
      const h = this.#hidden;
      this.#hidden = saved || h;
      this.#memo.set(node, { v, h });
      return v;
    }
    return this.#ev1(node, env, pure);
  }

  #ev1(n: any, env: Env, pure: boolean): Val | U {
    switch (n.type) {
      case 'Literal':
        // acorn-loose can leave a broken regex literal without a pattern.
        if (n.regex) return typeof n.regex.pattern === 'string' && n.regex.pattern.length < 200 ? ({ __regex: n.regex.pattern, __flags: n.regex.flags } as any) : UNKNOWN;
        if (typeof n.value === 'string' && looksEscaped(n.raw)) this.#hidden = true;
        return typeof n.value === 'bigint' ? UNKNOWN : (n.value as Val);
      case 'TemplateLiteral': {
        let out = n.quasis[0].value.cooked ?? '';
        for (let i = 0; i < n.expressions.length; i++) {
          const s = toStr(this.#ev(n.expressions[i], env, pure) as Val);
          if (s === UNKNOWN) return UNKNOWN;
          out += s + (n.quasis[i + 1].value.cooked ?? '');
          if (out.length > MAX_STR) return UNKNOWN;
        }
        return out;
      }
      case 'Identifier': {
        const v = this.#lookup(n.name, env);
        return v === UNKNOWN && pure && env.parent === null && !this.#inPrefix ? this.#builtBefore(n, env.scope) : v;
      }
      case 'ThisExpression':
        return UNKNOWN;
      case 'ArrayExpression': {
        const out: Val[] = [];
        for (const el of n.elements) {
          if (!el) out.push(undefined);
          else if (el.type === 'SpreadElement') return UNKNOWN;
          else {
            const v = this.#ev(el, env, pure);
            if (v === UNKNOWN && pure) return UNKNOWN;
            out.push(v === UNKNOWN ? undefined : v);
          }
        }
        return out;
      }
      case 'ObjectExpression': {
        const o: { [k: string]: Val } = Object.create(null);
        for (const p of n.properties) {
          if (p.type !== 'Property' || p.kind !== 'init') continue;
          const key = p.computed ? toStr(this.#ev(p.key, env, pure) as Val) : p.key.type === 'Identifier' ? p.key.name : String(p.key.value);
          if (key === UNKNOWN) continue;
          const v = p.value.type === 'FunctionExpression' || p.value.type === 'ArrowFunctionExpression' ? new Closure(p.value, env) : this.#ev(p.value, env, pure);
          if (v === UNKNOWN && pure) return UNKNOWN;
          if (v !== UNKNOWN) o[key] = v;
        }
        return o;
      }
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return new Closure(n, env);
      case 'ClassDeclaration':
      case 'ClassExpression': {
        // a class as the object of its static fields (`static SEL = { num: 'input[name*=cc]' }`)
        const o: { [k: string]: Val } = Object.create(null);
        for (const p of n.body.body) {
          if (p.type !== 'PropertyDefinition' || !p.static || p.computed || !p.value || p.key.type !== 'Identifier') continue;
          const v = this.#ev(p.value, env, false);
          if (v !== UNKNOWN) o[p.key.name] = v;
        }
        return o;
      }
      case 'SequenceExpression': {
        let v: Val | U = undefined;
        for (const e of n.expressions) v = this.#ev(e, env, pure);
        return v;
      }
      case 'ParenthesizedExpression':
        return this.#ev(n.expression, env, pure);
      case 'UnaryExpression': {
        if (n.operator === 'typeof') {
          const v = this.#ev(n.argument, env, pure);
          if (v === UNKNOWN) return UNKNOWN;
          return v instanceof Closure || v instanceof Native ? 'function' : v === null ? 'object' : Array.isArray(v) ? 'object' : typeof v;
        }
        if (n.operator === 'delete') return UNKNOWN;
        const v = this.#ev(n.argument, env, pure);
        if (v === UNKNOWN) return UNKNOWN;
        switch (n.operator) {
          case '!':
            return !truthy(v);
          case 'void':
            return undefined;
          case '-': {
            const x = toNum(v);
            return x === UNKNOWN ? UNKNOWN : -x;
          }
          case '+':
            return toNum(v);
          case '~': {
            const x = toNum(v);
            return x === UNKNOWN ? UNKNOWN : ~x;
          }
        }
        return UNKNOWN;
      }
      case 'BinaryExpression': {
        const l = this.#ev(n.left, env, pure);
        if (l === UNKNOWN) return UNKNOWN;
        const r = this.#ev(n.right, env, pure);
        if (r === UNKNOWN) return UNKNOWN;
        return binop(n.operator, l, r);
      }
      case 'LogicalExpression': {
        const l = this.#ev(n.left, env, pure);
        if (l === UNKNOWN) return UNKNOWN;
        if (n.operator === '&&') return truthy(l) ? this.#ev(n.right, env, pure) : l;
        if (n.operator === '||') return truthy(l) ? l : this.#ev(n.right, env, pure);
        return l === null || l === undefined ? this.#ev(n.right, env, pure) : l;
      }
      case 'ConditionalExpression': {
        const t = this.#ev(n.test, env, pure);
        if (t === UNKNOWN) {
          // `typeof window !== 'undefined' ? window : this`, `window.Function ? window : this`: the window on a page
          const [a, b] = [n.consequent, n.alternate];
          const globalOr = (g: any, other: any) => other.type === 'ThisExpression' && g.type === 'Identifier' && NATIVES[g.name] === GlobalObj;
          return globalOr(a, b) || globalOr(b, a) ? GlobalObj : UNKNOWN;
        }
        return this.#ev(truthy(t) ? n.consequent : n.alternate, env, pure);
      }
      case 'MemberExpression': {
        if (n.object.type === 'ThisExpression' && !n.computed && env.parent === null) return this.#thisProp(n.property.name, env.scope, pure);
        if (!n.computed && n.object.type === 'MemberExpression') {
          // `$.fn.plugin.table`, written once as a whole path (`$.fn.plugin.table = […]`)
          const path = dottedPath(n);
          const w = path !== null ? this.#propWrite(path.root, path.path, env, pure) : NO_WRITES;
          if (w !== NO_WRITES && w !== UNKNOWN) return w;
        }
        const obj = this.#ev(n.object, env, pure);
        if (!n.computed && n.object.type === 'Identifier' && (obj === UNKNOWN || (isObj(obj) && !(n.property.name in obj)))) {
          // the script assigns the property: its one value, or unknown (never the literal's `undefined`)
          const w = this.#propWrite(n.object.name, n.property.name, env, pure);
          if (w !== NO_WRITES) return w;
          // `var cfg = { api: 'https://…', id: Math.random() }`: the one property asked for, when the rest is unknown
          if (obj === UNKNOWN) {
            const lit = this.#literalProp(n.object.name, n.property.name, env, pure);
            if (lit !== NO_WRITES) return lit;
          }
        }
        if (obj === UNKNOWN) return UNKNOWN;
        const key = n.computed ? this.#ev(n.property, env, pure) : n.property.name;
        const v = this.#prop(obj, key);
        return v === UNKNOWN && obj === GlobalObj && typeof key === 'string' ? this.#assignedProp(n.object, obj, key, env, pure) ?? v : v;
      }
      case 'ChainExpression':
        return this.#ev(n.expression, env, pure);
      case 'CallExpression': {
        let fn: Val | U;
        let self: Val | U = undefined;
        let methodName: string | null = null;
        const callee = n.callee;
        if (callee.type === 'MemberExpression') {
          self = this.#ev(callee.object, env, pure);
          if (self === UNKNOWN) return UNKNOWN;
          const key = callee.computed ? toStr(this.#ev(callee.property, env, pure) as Val) : callee.property.name;
          if (key === UNKNOWN) return UNKNOWN;
          methodName = key;
          fn = this.#prop(self, key);
          if (fn === UNKNOWN || fn === undefined) fn = this.#assignedProp(callee.object, self, key, env, pure) ?? fn;
        } else if (isPackerFunction(callee) && n.arguments.length >= 4) {
          const a = n.arguments.slice(0, 4).map((x: any) => this.#ev(x, env, pure));
          const code = a.includes(UNKNOWN) ? null : unpack(a[0], a[1], a[2], a[3]);
          if (code !== null) {
            this.#hidden = true;
            return code;
          }
          fn = this.#ev(callee, env, pure);
        } else {
          fn = this.#ev(callee, env, pure);
        }
        if (fn === UNKNOWN) return UNKNOWN;
        if (pure && fn instanceof Closure && !this.#decoderLike(fn)) return UNKNOWN;
        const args: Val[] = [];
        for (const a of n.arguments) {
          if (a.type === 'SpreadElement') {
            const list = this.#ev(a.argument, env, pure);
            if (!Array.isArray(list) || list.length > 10_000) return UNKNOWN;
            for (const x of list) args.push(x);
            continue;
          }
          const v = this.#ev(a, env, pure);
          if (v === UNKNOWN) return UNKNOWN;
          args.push(v);
        }
        if (fn instanceof Closure) return this.#runDecoder(fn, args);
        if (methodName && (methodName === 'call' || methodName === 'apply') && self instanceof Native && !self.fn && self.owner !== null) {
          // a borrowed method: `Array.prototype.map.call(atob(s), fn)` runs on the string's characters
          const rest = methodName === 'call' ? args.slice(1) : Array.isArray(args[1]) ? (args[1] as Val[]) : [];
          const target = args[0];
          if (self.name === 'reverse') this.#hidden = true;
          if (self.owner === 'array') {
            const list = typeof target === 'string' ? [...target] : Array.isArray(target) ? target : null;
            return list === null ? UNKNOWN : ARRAY_METHODS[self.name]?.(list, rest, this) ?? UNKNOWN;
          }
          if (self.owner === 'string' && (typeof target === 'string' || typeof target === 'number')) return STRING_METHODS[self.name]?.(String(target), rest, this) ?? UNKNOWN;
          return UNKNOWN;
        }
        if (methodName && (methodName === 'call' || methodName === 'apply') && self instanceof Native && self.fn) {
          const rest = methodName === 'call' ? args.slice(1) : Array.isArray(args[1]) ? (args[1] as Val[]) : [];
          return self.fn(args[0], rest, this);
        }
        const out = this.#call(fn, self, args, methodName);
        if (methodName === 'reverse' || (fn instanceof Native && DECODERS.has(fn.name))) this.#hidden = true;
        return out;
      }
      case 'TaggedTemplateExpression': {
        // tag`…`: the tag gets the cooked strings (with their raw text as `.raw`) and the values
        const fn = this.#ev(n.tag, env, pure);
        if (!(fn instanceof Closure || (fn instanceof Native && fn.fn))) return UNKNOWN;
        if (pure && fn instanceof Closure && !this.#decoderLike(fn)) return UNKNOWN;
        const strings: any = n.quasi.quasis.map((q: any) => q.value.cooked ?? undefined);
        strings.raw = n.quasi.quasis.map((q: any) => q.value.raw);
        const args: Val[] = [strings];
        for (const e of n.quasi.expressions) {
          const v = this.#ev(e, env, pure);
          if (v === UNKNOWN) return UNKNOWN;
          args.push(v);
        }
        return fn instanceof Native ? this.#call(fn, undefined, args, null) : this.#runDecoder(fn, args);
      }
      case 'AssignmentExpression': {
        if (pure) return UNKNOWN;
        let v = this.#ev(n.right, env, false);
        if (n.operator !== '=') {
          const cur = this.#ev(n.left, env, false);
          if (cur === UNKNOWN || v === UNKNOWN) v = UNKNOWN;
          else v = binop(n.operator.slice(0, -1), cur, v);
        }
        this.#store_(n.left, env, v);
        return v;
      }
      case 'UpdateExpression': {
        if (pure) return UNKNOWN;
        const cur = toNum(this.#ev(n.argument, env, false) as Val);
        if (cur === UNKNOWN) throw new Thrown('unknown');
        const next = n.operator === '++' ? cur + 1 : cur - 1;
        this.#store_(n.argument, env, next);
        return n.prefix ? next : cur;
      }
      case 'NewExpression':
        return UNKNOWN;
    }
    return UNKNOWN;
  }

  /** `this.x` in a method of an object literal, or a `this.x = …` assigned once anywhere. */
  #thisProp(name: string, scope: Scope, pure: boolean): Val | U {
    let s: Scope | null = scope;
    while (s && s.fn && (s.fn as any).type === 'ArrowFunctionExpression') s = s.parent;
    const obj = s?.fn ? this.#host.thisObject?.get(s.fn) : undefined;
    if (obj) {
      for (const p of obj.properties) {
        if (p.type === 'Property' && !p.computed && (p.key.name === name || p.key.value === name)) return this.#ev(p.value, new Env(null, s!.parent ?? s!), pure);
      }
    }
    const b = scope.root().vars.get('#this.' + name);
    if (b && b.writes === 1 && b.defs.length === 1) return this.#ev(b.defs[0]!.node, new Env(null, b.defs[0]!.scope), pure);
    return UNKNOWN;
  }

  #propsInProgress = new Set<any>();

  /**
   * `ns.cfg` where the script assigns `ns.cfg = {…}` (a namespace object built up by assignments): the
   * value when it is assigned once, unknown when more often, NO_WRITES when never.
   */
  /**
   * The value the script assigns to `obj.key` when the object itself does not have it: a method put on
   * a namespace (`ns.f = function…`), or on the window (`window.__d = window.__d || function (a, b) {…}`).
   */
  #assignedProp(objNode: any, obj: Val | U, key: string, env: Env, pure: boolean): Val | U | null {
    const names = obj === GlobalObj ? ['window', 'self', 'globalThis'] : objNode.type === 'Identifier' ? [objNode.name] : [];
    for (const g of names) {
      const w = this.#propWrite(g, key, env, pure);
      if (w !== NO_WRITES) return w;
    }
    return null;
  }

  #propWrite(name: string, prop: string, env: Env, pure: boolean): Val | U | typeof NO_WRITES {
    let e: Env = env;
    for (; e.parent; e = e.parent) if (e.vars.has(name)) return NO_WRITES;
    if (e.vars.has(name)) return NO_WRITES;
    const w = e.scope.lookup(name)?.props?.get(prop);
    if (!w) return NO_WRITES;
    if (w.writes !== 1 || w.defs.length !== 1) return UNKNOWN;
    const d = w.defs[0]!;
    if (this.#propsInProgress.has(d)) return UNKNOWN;
    this.#propsInProgress.add(d);
    // `ns.f = ns.f || value`: the value, when nothing else set it
    const n: any = d.node;
    const fallback = n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??') && n.left.type === 'MemberExpression' && !n.left.computed
      && n.left.object.type === 'Identifier' && n.left.object.name === name && n.left.property.name === prop;
    try {
      return this.#ev(fallback ? n.right : n, new Env(null, d.scope), pure);
    } finally {
      this.#propsInProgress.delete(d);
    }
  }

  /** `name.prop` where `name` is bound once to an object literal and `prop` is never assigned: the literal's value for it. */
  #literalProp(name: string, prop: string, env: Env, pure: boolean): Val | U | typeof NO_WRITES {
    let e: Env = env;
    for (; e.parent; e = e.parent) if (e.vars.has(name)) return NO_WRITES;
    if (e.vars.has(name)) return NO_WRITES;
    const b = e.scope.lookup(name);
    if (!b || b.kind === 'implicit' || b.writes !== 1 || b.defs.length !== 1 || b.props?.has(prop)) return NO_WRITES;
    const d = b.defs[0]!;
    const lit: any = d.node;
    if (lit.type !== 'ObjectExpression') return NO_WRITES;
    const p = lit.properties.find((q: any) => q.type === 'Property' && q.kind === 'init' && !q.computed
      && ((q.key.type === 'Identifier' && q.key.name === prop) || (q.key.type === 'Literal' && q.key.value === prop)));
    if (!p || p.value.type === 'FunctionExpression' || p.value.type === 'ArrowFunctionExpression' || this.#propsInProgress.has(p)) return NO_WRITES;
    this.#propsInProgress.add(p);
    try {
      return this.#ev(p.value, new Env(null, d.scope), pure);
    } finally {
      this.#propsInProgress.delete(p);
    }
  }

  /** In static mode only closures that look like decoders (no side effects beyond own state) run. */
  #decoderLike(c: Closure): boolean {
    const body = c.node.body;
    if (!body) return false;
    // A string-array decoder, an atob polyfill or a char-code mapper: small-ish, returns a value.
    return (body.end - body.start) < 4_000;
  }

  #store_(target: any, env: Env, v: Val | U): void {
    if (target.type === 'Identifier') {
      this.#assign(target.name, env, v);
      return;
    }
    if (target.type === 'MemberExpression') {
      const obj = this.#ev(target.object, env, false);
      const key = target.computed ? toStr(this.#ev(target.property, env, false) as Val) : target.property.name;
      if (obj === UNKNOWN || key === UNKNOWN) throw new Thrown('unknown');
      if (Array.isArray(obj) && /^\d+$/.test(key)) {
        const i = Number(key);
        if (i > 1e6) throw new Thrown('range');
        obj[i] = v as Val;
      } else if (obj instanceof Closure || (obj instanceof Native && obj !== GlobalObj)) obj.props.set(key, v as Val);
      else if (isObj(obj)) obj[key] = v as Val;
      else throw new Thrown('unknown');
      return;
    }
    throw new Thrown('pattern');
  }
}

function binop(op: string, l: Val, r: Val): Val | U {
  if (op === '+') {
    if (typeof l === 'number' && typeof r === 'number') return l + r;
    if ((typeof l === 'number' || typeof l === 'boolean') && (typeof r === 'number' || typeof r === 'boolean')) return Number(l) + Number(r);
    const a = toStr(l);
    const b = toStr(r);
    if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
    if (a.length + b.length > MAX_STR) return UNKNOWN;
    return a + b;
  }
  if (op === '===' || op === '!==') {
    const same = typeof l === 'object' || typeof r === 'object' ? l === r : Object.is(l, r) || l === r;
    return op === '===' ? same : !same;
  }
  if (op === '==' || op === '!=') {
    if (typeof l === 'object' && l !== null) return op === '==' ? l === r : l !== r;
    // eslint-disable-next-line eqeqeq
    const eq = (l as any) == (r as any);
    return op === '==' ? eq : !eq;
  }
  if (op === 'in' || op === 'instanceof') return UNKNOWN;
  if (op === '<' || op === '>' || op === '<=' || op === '>=') {
    if (typeof l === 'string' && typeof r === 'string') {
      return op === '<' ? l < r : op === '>' ? l > r : op === '<=' ? l <= r : l >= r;
    }
  }
  const a = toNum(l);
  const b = toNum(r);
  if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
  switch (op) {
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '**': return a ** b;
    case '|': return a | b;
    case '&': return a & b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '>>>': return a >>> b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
  }
  return UNKNOWN;
}

type Method<T> = (self: T, args: Val[], ev: Evaluator) => Val | U;

function strArg(a: Val): string | U {
  return toStr(a);
}
function numArg(a: Val, dflt: number): number | U {
  return a === undefined ? dflt : toNum(a);
}
function regexOf(v: Val): RegExp | null {
  if (v && typeof v === 'object' && !Array.isArray(v) && '__regex' in (v as any)) {
    try {
      return new RegExp((v as any).__regex, (v as any).__flags);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * `s.replace(/[a-z]/gi, function (c) { … })`: the script's own function maps each match (ROT13 and
 * substitution ciphers decode this way). Every call runs in the interpreter under its step budget.
 */
function replaceWithCallback(s: string, re: RegExp, fn: Val | U, ev: Evaluator): string | U {
  let failed = false;
  const out = s.replace(re, (...m: any[]) => {
    if (failed) return '';
    // (match, ...groups, offset, whole string[, named groups])
    const named = typeof m[m.length - 1] === 'object' && m[m.length - 1] !== null;
    const args = (named ? m.slice(0, -1) : m).map((x) => (x === undefined ? undefined : x)) as Val[];
    const r = ev.callValue(fn, args);
    const t = r === UNKNOWN ? UNKNOWN : toStr(r);
    if (t === UNKNOWN) {
      failed = true;
      return '';
    }
    return t;
  });
  if (failed || out.length > MAX_STR) return UNKNOWN;
  ev.markHidden();
  return out;
}

const STRING_METHODS: Record<string, Method<string>> = {
  charAt: (s, a) => { const i = numArg(a[0], 0); return i === UNKNOWN ? UNKNOWN : s.charAt(i); },
  charCodeAt: (s, a) => { const i = numArg(a[0], 0); return i === UNKNOWN ? UNKNOWN : s.charCodeAt(i); },
  codePointAt: (s, a) => { const i = numArg(a[0], 0); return i === UNKNOWN ? UNKNOWN : (s.codePointAt(i) ?? undefined); },
  indexOf: (s, a) => { const x = strArg(a[0]); return x === UNKNOWN ? UNKNOWN : s.indexOf(x, (a[1] as number) ?? 0); },
  lastIndexOf: (s, a) => { const x = strArg(a[0]); return x === UNKNOWN ? UNKNOWN : s.lastIndexOf(x); },
  includes: (s, a) => { const x = strArg(a[0]); return x === UNKNOWN ? UNKNOWN : s.includes(x); },
  startsWith: (s, a) => { const x = strArg(a[0]); return x === UNKNOWN ? UNKNOWN : s.startsWith(x); },
  endsWith: (s, a) => { const x = strArg(a[0]); return x === UNKNOWN ? UNKNOWN : s.endsWith(x); },
  slice: (s, a) => { const b = numArg(a[0], 0); const e = numArg(a[1], s.length); return b === UNKNOWN || e === UNKNOWN ? UNKNOWN : s.slice(b, e); },
  substring: (s, a) => { const b = numArg(a[0], 0); const e = numArg(a[1], s.length); return b === UNKNOWN || e === UNKNOWN ? UNKNOWN : s.substring(b, e); },
  substr: (s, a) => { const b = numArg(a[0], 0); const l = numArg(a[1], s.length); return b === UNKNOWN || l === UNKNOWN ? UNKNOWN : s.substr(b, l); },
  toLowerCase: (s: string) => s.toLowerCase(),
  toUpperCase: (s: string) => s.toUpperCase(),
  trim: (s: string) => s.trim(),
  toString: (s: string) => s,
  valueOf: (s: string) => s,
  concat: (s, a) => { let out = s; for (const x of a) { const t = toStr(x); if (t === UNKNOWN) return UNKNOWN; out += t; } return out.length > MAX_STR ? UNKNOWN : out; },
  repeat: (s, a) => { const n = numArg(a[0], 0); return n === UNKNOWN || s.length * n > MAX_STR || n < 0 ? UNKNOWN : s.repeat(n); },
  split: (s, a) => {
    if (a[0] === undefined) return [s];
    const re = regexOf(a[0]);
    if (re) return s.split(re);
    const sep = strArg(a[0]);
    return sep === UNKNOWN ? UNKNOWN : s.split(sep);
  },
  replace: (s, a, ev) => {
    const re = regexOf(a[0]);
    const rep = a[1];
    if (typeof rep !== 'string') return re ? replaceWithCallback(s, re, rep, ev) : UNKNOWN;
    ev.markHidden();
    if (re) return s.replace(re, rep);
    const pat = strArg(a[0]);
    return pat === UNKNOWN ? UNKNOWN : s.replace(pat, rep);
  },
  replaceAll: (s, a, ev) => {
    const pat = a[0];
    const rep = a[1];
    const re = regexOf(pat);
    if (typeof rep !== 'string') return re && re.global ? replaceWithCallback(s, re, rep, ev) : UNKNOWN;
    ev.markHidden();
    if (re) return re.global ? s.replace(re, rep) : UNKNOWN;
    const p = strArg(pat);
    return p === UNKNOWN ? UNKNOWN : s.split(p).join(rep);
  },
  padStart: (s, a) => { const n = numArg(a[0], 0); return n === UNKNOWN || n > MAX_STR ? UNKNOWN : s.padStart(n, typeof a[1] === 'string' ? a[1] : ' '); },
};

const ARRAY_METHODS: Record<string, Method<Val[]>> = {
  join: (arr, a) => {
    const sep = a[0] === undefined ? ',' : toStr(a[0]);
    if (sep === UNKNOWN) return UNKNOWN;
    const parts: string[] = [];
    for (const x of arr) {
      const s = x === null || x === undefined ? '' : toStr(x);
      if (s === UNKNOWN) return UNKNOWN;
      parts.push(s);
    }
    const out = parts.join(sep);
    return out.length > MAX_STR ? UNKNOWN : out;
  },
  reverse: (arr: Val[]) => arr.slice().reverse(),
  push: (arr, a) => (arr.length > 1e6 ? UNKNOWN : arr.push(...a)),
  pop: (arr: Val[]) => arr.pop(),
  shift: (arr: Val[]) => arr.shift(),
  unshift: (arr, a) => arr.unshift(...a),
  slice: (arr, a) => { const b = numArg(a[0], 0); const e = numArg(a[1], arr.length); return b === UNKNOWN || e === UNKNOWN ? UNKNOWN : arr.slice(b, e); },
  // `[109, 108, 123].map(function (c) { return String.fromCharCode(c - 7); })`: names built from numbers
  map: (arr, a, ev) => {
    if (arr.length > 10_000) return UNKNOWN;
    const out: Val[] = [];
    for (let i = 0; i < arr.length; i++) {
      const r = ev.callValue(a[0], [arr[i]!, i, arr]);
      if (r === UNKNOWN) return UNKNOWN;
      out.push(r as Val);
    }
    return out;
  },
  // `codes.reduce(function (acc, c, i) { return acc + String.fromCharCode(c - 7 - i % 5); }, '')`
  reduce: (arr, a, ev) => {
    if (arr.length > 10_000 || a.length < 2) return UNKNOWN;
    let acc: Val | U = a[1]!;
    for (let i = 0; i < arr.length; i++) {
      acc = ev.callValue(a[0], [acc as Val, arr[i]!, i, arr]);
      if (acc === UNKNOWN) return UNKNOWN;
    }
    return acc;
  },
  splice: (arr, a) => { const b = numArg(a[0], 0); const c = numArg(a[1], arr.length); return b === UNKNOWN || c === UNKNOWN ? UNKNOWN : arr.splice(b, c, ...a.slice(2)); },
  concat: (arr, a) => arr.concat(...(a as any[])),
  indexOf: (arr, a) => arr.indexOf(a[0]),
  includes: (arr, a) => arr.includes(a[0]),
  toString: (arr: Val[]) => toStr(arr),
};

const NUMBER_METHODS: Record<string, Method<number>> = {
  toString: (n: number, a: Val[]) => { const r = numArg(a[0], 10); if (r === UNKNOWN || r < 2 || r > 36) return UNKNOWN; return n.toString(r); },
  toFixed: (n: number, a: Val[]) => { const d = numArg(a[0], 0); return d === UNKNOWN || d < 0 || d > 100 ? UNKNOWN : n.toFixed(d); },
  valueOf: (n: number) => n,
};

export { toStr as valueToString };

/** Names an expression reads (identifiers, not property names), up to a depth. */
function namesIn(n: any, out: Set<string>, depth = 0): Set<string> {
  if (!n || typeof n.type !== 'string' || depth > 30) return out;
  if (n.type === 'Identifier') {
    out.add(n.name);
    return out;
  }
  for (const k in n) {
    if (k === 'type' || k === 'loc' || k === 'start' || k === 'end') continue;
    if (k === 'property' && n.type === 'MemberExpression' && !n.computed) continue;
    const v = n[k];
    if (Array.isArray(v)) for (const x of v) namesIn(x, out, depth + 1);
    else if (v && typeof v === 'object') namesIn(v, out, depth + 1);
  }
  return out;
}

/** A statement that only leaves: `return;`, `return x;`, `throw e;` (alone or in a block). */
function exitsOnly(s: any): boolean {
  if (s.type === 'ReturnStatement' || s.type === 'ThrowStatement') return true;
  return s.type === 'BlockStatement' && s.body.length === 1 && exitsOnly(s.body[0]);
}
