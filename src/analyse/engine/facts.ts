// The engine's own listener in the single walk: it builds function scopes, records every call,
// interesting member reads and assignments, and the edges of a coarse data-flow graph
// (value of an expression -> the variable, call or sink it flows into). Nothing is resolved during
// the walk (declarations may come later: hoisting); `finalize()` resolves names at Program:exit.
import type { Node } from 'estree';
import { Binding, Scope, dottedPath, type BindingKind } from './scope.js';
import { fieldRole, type FieldRole } from '../helpers/payment-fields.js';
import { HANDLER_PROPS } from '../helpers/sources.js';
import { IntList } from './int-list.js';
import { typeIndex, typeCount, type EngineHook, type WalkEngine } from './traverse.js';

export interface FnRec {
  node: any;
  scope: Scope;
  /** Graph node receiving the function's return values. */
  ret: number;
  parent: FnRec | null;
  xor: boolean;
  charCode: boolean;
  fromCharCode: boolean;
  b64Alphabet: boolean;
  pushShift: boolean;
}

/** The method name of a call written `x.name(…)` or `this.#name(…)` (private names keep their `#`), else null. */
export function plainMethodName(call: any): string | null {
  const c = call.callee;
  if (c.type !== 'MemberExpression' || c.computed) return null;
  return c.property.type === 'Identifier' ? c.property.name : c.property.type === 'PrivateIdentifier' ? '#' + c.property.name : null;
}

export interface CallRec {
  node: any;
  scope: Scope;
  gid: number;
  fn: FnRec | null;
  /** The method name of `x.name(…)` (plain syntax), else null: passes over the calls skip on it without touching the AST. */
  plain: string | null;
  /** Memo of the model's callee resolution. */
  callee?: { name: string | null; obj: any | null; objName: string | null };
}

export interface AssignRec {
  node: any;
  scope: Scope;
  gid: number;
  /** Property assigned (`x.src = …` gives 'src'), or null for computed/unknown. */
  prop: string | null;
}

/** `MemberRec.prop` of `form.elements[key]` with a key that is not a literal. */
export const KEYED_ELEMENT = '[key]';
/** `MemberRec.prop` of `o[decode('0x1c')]`: a name the model decodes. */
export const DECODED_KEY = '[decoded]';

/**
 * A key built like a form control's name: `'payment[' + n + ']'`, `` `billing_${k}` `` (a constant part
 * with `[`, `]`, `_`, `-` or `$`), not `'on' + type` or `t + 'Width'`.
 */
function fieldNameKey(k: any, depth: number): boolean {
  if (depth > 4) return false;
  if (k.type === 'TemplateLiteral') return k.expressions.length > 0 && k.quasis.some((q: any) => /[[\]_$-]/.test(q.value.cooked ?? ''));
  if (k.type !== 'BinaryExpression' || k.operator !== '+') return false;
  const part = (x: any): boolean => (x.type === 'Literal' && typeof x.value === 'string' && /[[\]_$-]/.test(x.value)) || fieldNameKey(x, depth + 1);
  return part(k.left) || part(k.right);
}

/** `(function () { for (…) a.push(a.shift()); })()`: a function whose body is one short loop (a second rotation of a string array). */
function isLoopOnly(fn: any): boolean {
  const b = fn.body;
  if (b.type !== 'BlockStatement' || b.body.length !== 1 || fn.end - fn.start > 400) return false;
  const t = b.body[0].type;
  return t === 'ForStatement' || t === 'WhileStatement' || t === 'DoWhileStatement';
}

/** `_0x3f2a('0x1c')`, `b(12, 'key')`: a call of a plain function with only literal arguments (obfuscators' string lookups). */
function isDecoderCall(k: any): boolean {
  if (k.type !== 'CallExpression' || k.callee.type !== 'Identifier') return false;
  const a = k.arguments;
  if (a.length === 0 || a.length > 2) return false;
  for (let i = 0; i < a.length; i++) if (a[i].type !== 'Literal') return false;
  return true;
}

export interface MemberRec {
  node: any;
  scope: Scope;
  gid: number;
  prop: string;
  role: FieldRole | null;
}

/** A context open during the walk: a data-flow frame, a function, a destructuring pattern. */
interface Ctx {
  node: any;
  end: number;
  frame: boolean;
  target: number;
  barrier: boolean;
  /** End of the frame's assignment target (-1: none): nodes starting before it are in the target. */
  lhsEnd: number;
  prevFrame: Ctx | null;
  /** Set for a function: the walk's fn and scope go back to saved ones when it closes. */
  fn: FnRec | null;
  savedFn: FnRec | null;
  savedScope: Scope | null;
  pattern: boolean;
  /** Set for a call's frame. */
  call: CallRec | null;
}

/** Parent keys under which an identifier may be a name rather than a read. */
const SKIP_KEYS = new Set(['property', 'key', 'params', 'id', 'label', 'meta', 'local', 'imported', 'exported']);

/** Words of card fields' labels, as a pattern that tells fields apart by what they are called would have them. */
const CARD_WORDS = /card.?(?:number|no\b)|cvv|cvc|security.?code|expir|cardholder|name.?on.?card/i;

const INTERESTING_ASSIGN_PROPS = new Set([
  'src', 'srcset', 'href', 'action', 'cookie', 'innerHTML', 'outerHTML', 'text', 'textContent', 'innerText', 'srcdoc', 'data', 'location', 'ping',
  // CSS that fetches: `el.style.backgroundImage = 'url(…)'`
  'backgroundImage', 'background', 'cssText', 'listStyleImage', 'borderImage',
  // event-handler properties (the model treats `field.onchange = fn` as a listener)
  ...HANDLER_PROPS,
  // a service worker's fetch handler (`self.onfetch = fn`); a socket's or frame's messages (`ws.onmessage = fn`)
  'onfetch', 'onmessage',
]);
const STORAGE_OBJECTS = new Set(['localStorage', 'sessionStorage']);

const ONE: string[] = [''];
/** Names bound by a pattern; for a plain identifier a shared one-element array (read it at once). */
function namesOf(p: any): string[] {
  if (p && p.type === 'Identifier') {
    ONE[0] = p.name;
    return ONE;
  }
  return patternNames(p, []);
}

function patternNames(p: any, out: string[]): string[] {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name);
      break;
    case 'ObjectPattern':
      for (const q of p.properties) patternNames(q.type === 'RestElement' ? q.argument : q.value, out);
      break;
    case 'ArrayPattern':
      for (const q of p.elements) patternNames(q, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
  }
  return out;
}

export function isFunction(n: any): boolean {
  return n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration';
}

export class Facts implements WalkEngine {
  readonly global: Scope;
  scope: Scope;
  fn: FnRec | null = null;
  readonly fns: FnRec[] = [];
  readonly fnByNode = new Map<Node, FnRec>();
  readonly calls: CallRec[] = [];
  #callByNode: Map<any, CallRec> | null = null;
  /** Each call's record by its node (built on first use: the walk itself never needs it). */
  get callByNode(): Map<any, CallRec> {
    if (this.#callByNode === null || this.#callByNode.size !== this.calls.length) {
      this.#callByNode = new Map();
      for (const c of this.calls) this.#callByNode.set(c.node, c);
    }
    return this.#callByNode;
  }
  /** The call a function expression is an argument of (`els.each(function () {…})`). */
  readonly callbackOf = new Map<any, CallRec>();
  /** The call that invokes a function expression immediately (`(function (w) {…})(window)`). */
  readonly iifeOf = new Map<any, CallRec>();
  readonly assigns: AssignRec[] = [];
  readonly members: MemberRec[] = [];
  /** IIFE statements that take arguments and shuffle arrays: string-array rotation candidates. */
  readonly iifes: Array<{ node: any; scope: Scope }> = [];
  /** Calls whose value is only counted (`document.getElementsByTagName('input').length`). */
  readonly counted = new Set<any>();
  /** The script goes from labels to their fields or back (`label.control`, `label.htmlFor`, `input.labels`). */
  labelLinks = false;
  /** A regular expression of the script matches what card fields are called (`/card number|cvv/i`). */
  cardWordPattern = false;
  /** The script's strings write `<input` markup, and code that calls `postMessage` (a frame it builds). */
  inputMarkup = false;
  postMessageCode = false;
  /** `import(url)` expressions: the URL flows into the node (a module fetch is a request). */
  readonly imports: Array<{ node: any; scope: Scope; gid: number }> = [];
  /** Functions registered under a property name (`o.send = function…`, `{send(){}}`, class methods). */
  readonly methods = new Map<string, any[]>();
  /** The script names a referrer policy that sends the page's full URL to other sites (`img.referrerPolicy = 'unsafe-url'`). */
  fullReferrer = false;
  /** The walked program's root (null before the walk). */
  program: any = null;
  /** Function -> the object literal it is a method of (resolves `this.x` inside it). */
  readonly thisObject = new Map<any, any>();

  /** Graph: number of nodes. */
  gCount = 0;
  readonly eFrom = new IntList();
  readonly eTo = new IntList();
  /** Every scope by id (references record scope ids, not scopes). */
  readonly scopes: Scope[] = [];
  // identifier references flowing into a node, resolved at finalize()
  readonly #rName: string[] = [];
  readonly #rScope = new IntList();
  readonly #rTo = new IntList();
  // nodes flowing into a (not yet resolved) variable
  readonly #tName: string[] = [];
  readonly #tScope = new IntList();
  readonly #tFrom = new IntList();
  // writes to plain identifiers, resolved at finalize()
  readonly #wName: string[] = [];
  readonly #wScope: Scope[] = [];
  readonly #wValue: any[] = [];
  // writes to properties of plain identifiers (`ns.cfg = …`), resolved at finalize()
  readonly #pName: string[] = [];
  readonly #pProp: string[] = [];
  readonly #pScope: Scope[] = [];
  readonly #pValue: any[] = [];

  // Open contexts of the walk (frames, functions, destructuring patterns), innermost last. The walk
  // has no leave callback: a context closes when the walk enters the first node that starts at or
  // after its end (`close`), so the walk never calls back on the way up. Records are reused.
  readonly #stack: Ctx[] = [];
  #sp = 0;
  /** End offset of the innermost open context (+Infinity when none): the walk's one test per node. */
  openEnd = Infinity;
  #frame: Ctx | null = null;
  #patternDepth = 0;
  #scopeId = 0;
  #finalized = false;

  constructor(readonly isModule: boolean) {
    this.global = new Scope(this.#scopeId++, null, null);
    this.scopes.push(this.global);
    this.scope = this.global;
  }

  newNode(_astNode: any = null): number {
    return this.gCount++;
  }

  edge(from: number, to: number): void {
    this.eFrom.push(from);
    this.eTo.push(to);
  }

  #declare(scope: Scope, name: string, kind: BindingKind): Binding {
    let b = scope.vars.get(name);
    if (!b) {
      b = new Binding(name, scope, kind, this.newNode());
      scope.declare(name, b);
    }
    return b;
  }

  fnScope(fn: Node): Scope | undefined {
    return this.fnByNode.get(fn)?.scope;
  }

  /**
   * The call running a function handed to an immediately invoked wrapper, when the wrapper calls it
   * once: the UMD `(function (root, factory) { root.X = factory(root, root.document); })(window, function (win, doc) {…})`.
   */
  factoryCallOf(fn: any): CallRec | undefined {
    // the walk may still be adding calls when a listener asks (string resolution mid-walk)
    if (this.#factoryCallsAt !== this.calls.length) {
      this.#factoryCalls.clear();
      this.#factoryCallsAt = this.calls.length;
    }
    let memo = this.#factoryCalls.get(fn);
    if (memo === undefined) {
      memo = this.#findFactoryCall(fn) ?? null;
      this.#factoryCalls.set(fn, memo);
    }
    return memo ?? undefined;
  }

  readonly #factoryCalls = new Map<any, CallRec | null>();
  #factoryCallsAt = 0;

  #findFactoryCall(fn: any): CallRec | undefined {
    const outer = this.callbackOf.get(fn);
    const wrapper: any = outer?.node.callee;
    if (!outer || !wrapper || (wrapper.type !== 'FunctionExpression' && wrapper.type !== 'ArrowFunctionExpression')) return undefined;
    const k = outer.node.arguments.indexOf(fn);
    const param = k >= 0 ? wrapper.params[k] : undefined;
    if (!param || param.type !== 'Identifier') return undefined;
    const b = this.fnByNode.get(wrapper)?.scope.vars.get(param.name);
    if (!b) return undefined;
    let found: CallRec | undefined;
    for (const call of this.calls) {
      const c = call.node.callee;
      if (call.node.start < wrapper.start || call.node.end > wrapper.end || c.type !== 'Identifier' || c.name !== param.name) continue;
      if (call.scope.lookup(c.name) !== b) continue;
      if (found) return undefined;
      found = call;
    }
    return found;
  }

  #ctorSites: Map<any, CallRec | null> | null = null;

  /** The one `new C(…)` of a class whose constructor is `fn` (its parameters are that call's arguments); undefined when not exactly one. */
  ctorCallOf(fn: any): CallRec | undefined {
    if (this.#ctorSites === null) {
      const sites = new Map<any, CallRec | null>();
      for (const call of this.calls) {
        const n = call.node;
        if (n.type !== 'NewExpression' || n.callee.type !== 'Identifier') continue;
        const b = call.scope.lookup(n.callee.name);
        const cls: any = b !== null && b.defs.length === 1 ? b.defs[0]!.node : null;
        if (cls === null || (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression')) continue;
        const ctor = cls.body.body.find((m: any) => m.type === 'MethodDefinition' && m.kind === 'constructor');
        if (!ctor) continue;
        sites.set(ctor.value, sites.has(ctor.value) ? null : call);
      }
      this.#ctorSites = sites;
    }
    return this.#ctorSites.get(fn) ?? undefined;
  }

  #open(node: any): Ctx {
    let c = this.#stack[this.#sp];
    if (c === undefined) {
      c = { node, end: node.end, frame: false, target: -1, barrier: false, lhsEnd: -1, prevFrame: null, fn: null, savedFn: null, savedScope: null, pattern: false, call: null };
      this.#stack.push(c);
    } else {
      c.node = node;
      c.end = node.end;
      c.frame = false;
      c.fn = null;
      c.pattern = false;
      c.call = null;
    }
    this.#sp++;
    this.openEnd = c.end;
    return c;
  }

  /** Open a data-flow frame on `node`: values met inside flow into `target` (unless a barrier). */
  #push(node: any, target: number, barrier: boolean, lhs: any = null): Ctx {
    const c = this.#open(node);
    c.frame = true;
    c.target = target;
    c.barrier = barrier;
    // the assignment target: nothing read inside it flows (what follows it is the value)
    c.lhsEnd = lhs === null ? -1 : lhs.end;
    c.prevFrame = this.#frame;
    this.#frame = c;
    return c;
  }

  #pop(c: Ctx): void {
    if (c.frame) this.#frame = c.prevFrame;
    if (c.fn !== null) {
      this.fn = c.savedFn;
      this.scope = c.savedScope!;
    }
    if (c.pattern) this.#patternDepth--;
    c.node = null;
    c.prevFrame = null;
  }

  /** Close the contexts that end before `node` starts (the walk calls it when node.start >= openEnd). */
  close(node: any): void {
    const s = node.start;
    // a zero-width node (acorn-loose placeholders) at a context's end still belongs to it
    const zero = node.end === s;
    let sp = this.#sp;
    const stack = this.#stack;
    while (sp > 0) {
      const c = stack[sp - 1]!;
      if (c.end > s || (zero && c.end === s)) break;
      this.#pop(c);
      sp--;
    }
    this.#sp = sp;
    this.openEnd = sp > 0 ? stack[sp - 1]!.end : Infinity;
  }

  /** Close every context opened on `node` (walks with exit listeners: called after them on leave). */
  leave(node: any): void {
    let sp = this.#sp;
    const stack = this.#stack;
    while (sp > 0 && stack[sp - 1]!.node === node) {
      this.#pop(stack[sp - 1]!);
      sp--;
    }
    this.#sp = sp;
    this.openEnd = sp > 0 ? stack[sp - 1]!.end : Infinity;
  }

  /** Close all contexts (end of the walk). */
  closeAll(): void {
    while (this.#sp > 0) this.#pop(this.#stack[--this.#sp]!);
    this.openEnd = Infinity;
  }

  /** Flow a value node into the innermost open frame. */
  #flowOut(node: any, gid: number): void {
    const f = this.#frame;
    if (f !== null && !f.barrier && node.start >= f.lhsEnd) this.edge(gid, f.target);
  }

  #targetName(name: string, from: number): void {
    this.#tName.push(name);
    this.#tScope.push(this.scope.id);
    this.#tFrom.push(from);
  }

  #lhsTarget(left: any, from: number): void {
    let n = left;
    if (n.type === 'Identifier') return this.#targetName(n.name, from);
    if (n.type === 'ObjectPattern' || n.type === 'ArrayPattern') {
      for (const name of patternNames(n, [])) this.#targetName(name, from);
      return;
    }
    let outer: any = null;
    while (n.type === 'MemberExpression') {
      if (n.object.type === 'ThisExpression' && !n.computed && n.property.type === 'Identifier') {
        return this.#targetName('#this.' + n.property.name, from);
      }
      outer = n;
      n = n.object;
    }
    if (n.type !== 'Identifier') return;
    this.#targetName(n.name, from);
    // `var self = this; … self.data[k] = v` writes this.data too (declared before use, as it must be)
    if (outer !== null && !outer.computed && outer.property.type === 'Identifier') {
      const b = this.scope.lookup(n.name);
      if (b !== null && b.defs.length === 1 && b.defs[0]!.node.type === 'ThisExpression') this.#targetName('#this.' + outer.property.name, from);
    }
  }

  #registerMethod(name: string, fn: any): void {
    const l = this.methods.get(name);
    if (!l) this.methods.set(name, [fn]);
    else if (l.length < 16) l.push(fn);
  }

  /** Loop variables and what they iterate: `for (const [k, v] of Object.entries(T))`, `for (k in T)`. */
  readonly iterations: Array<{ pattern: any; right: any; scope: Scope; keys: boolean; gid: number }> = [];

  /** for (x of right): x <- right, framed on the `right` child only. The walk calls it on entering `right`. */
  forRight(node: any, parent: any): void {
    const gid = this.newNode();
    const pattern = parent.left.type === 'VariableDeclaration' ? parent.left.declarations[0].id : parent.left;
    this.#lhsTarget(pattern, gid);
    this.iterations.push({ pattern, right: node, scope: this.scope, keys: parent.type === 'ForInStatement', gid });
    this.#push(node, gid, false);
  }

  /** The walk reports each for-in/of `right` child on entering it (before its hook). */
  right(node: any, parent: any): void {
    if (parent.type === 'ForOfStatement' || parent.type === 'ForInStatement') this.forRight(node, parent);
  }

  /** The engine's listener for a node of a type the walk's table lacks (it calls `FACTS_HOOKS` by type directly). */
  enter(node: any, parent: any, key: string | null): void {
    const h = HOOK_BY_TYPE.get(node.type);
    if (h !== undefined) h(this, node, parent, key);
  }

  /** What the engine records on entering a node, per node type. */
  static readonly hooksByType: Record<string, EngineHook<Facts>> = {
    Program: (f, node) => {
      f.program = node;
    },
    Identifier: (f, node, parent, key) => f.#identifier(node, parent, key),
    MemberExpression: (f, node) => f.#member(node),
    Literal: (f, node) => {
      const v = node.value;
      if (typeof v !== 'string') {
        if (node.regex !== undefined && CARD_WORDS.test(node.regex.pattern)) f.cardWordPattern = true;
        return;
      }
      if (v.length >= 62 && f.fn && v.includes('ABCDEFGHIJKLMNOPQRSTUVWXYZ')) f.fn.b64Alphabet = true;
      else if (v === 'unsafe-url' || v === 'no-referrer-when-downgrade') f.fullReferrer = true;
      if (v.length > 6) {
        if (v.includes('<input')) f.inputMarkup = true;
        if (v.includes('postMessage')) f.postMessageCode = true;
      }
    },
    // `track(this)`: the receiver handed on as an argument (a listener's element, in a handler)
    ThisExpression: (f, node, _parent, key) => {
      if (key === 'arguments') f.#thisArgument(node);
    },
    CallExpression: (f, node) => f.#call(node),
    NewExpression: (f, node) => f.#call(node),
    BinaryExpression: (f, node) => {
      if (node.operator === '^' && f.fn) f.fn.xor = true;
    },
    VariableDeclarator: (f, node) => f.#variableDeclarator(node),
    AssignmentExpression: (f, node) => f.#assignment(node),
    ExpressionStatement: (f, node) => {
      let e = node.expression;
      if (e.type === 'UnaryExpression') e = e.argument;
      if (e.type === 'CallExpression' && isFunction(e.callee) && (e.arguments.length > 0 || isLoopOnly(e.callee))) f.iifes.push({ node: e, scope: f.scope });
    },
    VariableDeclaration: (f, node) => f.#variableDeclaration(node),
    ImportExpression: (f, node) => {
      const gid = f.newNode(node);
      f.imports.push({ node, scope: f.scope, gid });
      f.#flowOut(node, gid);
      f.#push(node, gid, false);
    },
    ReturnStatement: (f, node) => f.#returned(node),
    // a generator's yields are what its caller iterates: like returned values
    YieldExpression: (f, node) => f.#returned(node),
    FunctionExpression: (f, node, parent, key) => f.#function(node, parent, key),
    ArrowFunctionExpression: (f, node, parent, key) => f.#function(node, parent, key),
    FunctionDeclaration: (f, node, parent, key) => f.#function(node, parent, key),
    ObjectExpression: (f, node) => {
      const props = node.properties;
      for (let i = 0; i < props.length; i++) {
        const p = props[i];
        if (p.type === 'Property' && (p.value.type === 'FunctionExpression' || p.value.type === 'ArrowFunctionExpression')) f.thisObject.set(p.value, node);
      }
    },
    UpdateExpression: (f, node) => f.#update(node),
    CatchClause: (f, node) => {
      if (node.param) for (const name of patternNames(node.param, [])) f.#declare(f.scope, name, 'catch');
    },
    ClassDeclaration: (f, node) => {
      if (!node.id) return;
      const b = f.#declare(f.scope, node.id.name, 'class');
      b.writes++;
      b.addDef({ node, scope: f.scope });
    },
    ObjectPattern: (f, node, parent) => f.#pattern(node, parent),
    ArrayPattern: (f, node, parent) => f.#pattern(node, parent),
  };

  #returned(node: any): void {
    if (node.argument) this.#push(node, this.fn ? this.fn.ret : this.newNode(), false);
  }

  #pattern(node: any, parent: any): void {
    if (parent && parent.type === 'AssignmentExpression') return;
    this.#patternDepth++;
    this.#open(node).pattern = true;
  }

  #identifier(node: any, parent: any, key: string | null): void {
    const f = this.#frame;
    if (f === null || f.barrier || node.start < f.lhsEnd || this.#patternDepth > 0) return;
    if (parent && SKIP_KEYS.has(key as string)) {
      // names that are not reads: property keys, parameters, function ids, labels, import/export names
      const pt = parent.type;
      if (pt === 'MemberExpression' && key === 'property' && !parent.computed) return;
      if ((pt === 'Property' || pt === 'PropertyDefinition' || pt === 'MethodDefinition') && key === 'key' && !parent.computed) return;
      if (pt === 'Property' && parent.shorthand && key === 'key') return;
      if ((pt === 'FunctionExpression' || pt === 'FunctionDeclaration' || pt === 'ArrowFunctionExpression' || pt === 'ClassExpression' || pt === 'ClassDeclaration') && (key === 'params' || key === 'id')) return;
      if ((pt === 'LabeledStatement' || pt === 'BreakStatement' || pt === 'ContinueStatement') && key === 'label') return;
      if (pt === 'MetaProperty' || pt === 'ImportSpecifier' || pt === 'ExportSpecifier' || pt === 'ImportDefaultSpecifier' || pt === 'ImportNamespaceSpecifier') return;
    }
    this.#rName.push(node.name);
    this.#rScope.push(this.scope.id);
    this.#rTo.push(f.target);
  }

  #thisArgument(node: any): void {
    const f = this.#frame;
    if (f === null || f.barrier || node.start < f.lhsEnd) return;
    this.#rName.push('#this');
    this.#rScope.push(this.scope.id);
    this.#rTo.push(f.target);
  }

  readonly #thisGids = new Map<Scope, number>();

  /** Graph node of `this` as seen from a scope: the nearest enclosing non-arrow function's (arrows inherit it). */
  thisGid(scope: Scope): number {
    let s: Scope = scope;
    while (s.parent !== null && (s.fn as any)?.type === 'ArrowFunctionExpression') s = s.parent;
    let g = this.#thisGids.get(s);
    if (g === undefined) {
      g = this.newNode();
      this.#thisGids.set(s, g);
    }
    return g;
  }

  #member(node: any): void {
    const f = this.#frame;
    if (f !== null && node.start < f.lhsEnd) return;
    const framed = f !== null && !f.barrier;
    let prop: string | null = null;
    if (!node.computed) prop = node.property.name ?? null;
    else if (node.property.type === 'Literal' && typeof node.property.value === 'string') prop = node.property.value;
    if (prop === null) {
      // `form.elements[key]`, `form[`payment[${n}]`]`: a form control named by a run-time key (the model
      // resolves the key, and judges whether the object is a form)
      // `el[_0x3f2a('0x1c')]`: a property named through a string-array decoder (the model decodes it)
      const o = node.object;
      const k = node.property;
      const kind = !node.computed ? null
        : (o.type === 'MemberExpression' && !o.computed && o.property.name === 'elements') || fieldNameKey(k, 0) ? KEYED_ELEMENT
        : isDecoderCall(k) ? DECODED_KEY : null;
      if (kind !== null) {
        const gid = this.newNode(node);
        this.members.push({ node, scope: this.scope, gid, prop: kind, role: null });
        if (framed) this.edge(gid, f!.target);
      }
      return;
    }
    if (framed && node.object.type === 'ThisExpression') {
      this.#rName.push('#this.' + prop);
      this.#rScope.push(this.scope.id);
      this.#rTo.push(f!.target);
    }
    if (prop === 'length' && node.object.type === 'CallExpression') this.counted.add(node.object);
    if (prop === 'charCodeAt' && this.fn) this.fn.charCode = true;
    else if (prop === 'fromCharCode' && this.fn) this.fn.fromCharCode = true;
    else if (prop === 'push' || prop === 'shift') for (let r = this.fn; r && !r.pushShift; r = r.parent) r.pushShift = true;
    else if (prop === 'control' || prop === 'htmlFor' || prop === 'labels') this.labelLinks = true;
    const role = fieldRole(prop);
    const storage = node.object.type === 'Identifier' && (STORAGE_OBJECTS.has(node.object.name) || (prop === 'name' && this.#mayBeWindow(node.object.name)));
    if (role || prop === 'elements' || prop === 'cookie' || prop === 'activeElement' || storage) {
      const gid = this.newNode(node);
      this.members.push({ node, scope: this.scope, gid, prop, role });
      if (framed) this.edge(gid, f!.target);
    }
  }

  /**
   * `window.name` survives navigation (skimmers stage data in it): a name that may be the window is a
   * global (`window`, `self`) or a parameter of an immediately invoked function (`(function (W) {…})(window)`).
   */
  #mayBeWindow(name: string): boolean {
    const b = this.scope.lookup(name);
    if (b === null) return name === 'window' || name === 'self' || name === 'top' || name === 'parent';
    return b.kind === 'param' && b.scope.fn !== null && this.iifeOf.has(b.scope.fn);
  }

  #call(node: any): void {
    const gid = this.newNode(node);
    const rec: CallRec = { node, scope: this.scope, gid, fn: this.fn, plain: plainMethodName(node), callee: undefined };
    this.calls.push(rec);
    this.#flowOut(node, gid);
    this.#push(node, gid, false).call = rec;
  }

  #assignment(node: any): void {
    const gid = this.newNode(node);
    const left = node.left;
    this.#flowOut(node, gid);
    this.#lhsTarget(left, gid);
    let prop: string | null = null;
    if (left.type === 'MemberExpression') {
      prop = !left.computed ? (left.property.name ?? null) : left.property.type === 'Literal' ? String(left.property.value) : null;
      if (prop !== null && (INTERESTING_ASSIGN_PROPS.has(prop) || (left.object.type === 'Identifier' && (STORAGE_OBJECTS.has(left.object.name) || (prop === 'name' && this.#mayBeWindow(left.object.name)))))) {
        this.assigns.push({ node, scope: this.scope, gid, prop });
      } else if (left.computed && prop === null) {
        this.assigns.push({ node, scope: this.scope, gid, prop: null });
      }
      if (prop !== null && isFunction(node.right)) this.#registerMethod(prop, node.right);
      if (left.object.type === 'Identifier' && prop !== null) {
        this.#pName.push(left.object.name);
        this.#pProp.push(prop);
        this.#pScope.push(this.scope);
        this.#pValue.push(node.operator === '=' ? node.right : null);
      } else if (!left.computed && left.object.type === 'MemberExpression' && prop !== null) {
        // `$.fn.plugin.table = […]`: a write of the dotted path under the root name (`fn.plugin.table`)
        const path = dottedPath(left);
        if (path !== null) {
          this.#pName.push(path.root);
          this.#pProp.push(path.path);
          this.#pScope.push(this.scope);
          this.#pValue.push(node.operator === '=' ? node.right : null);
        }
      }
      if (left.object.type === 'ThisExpression' && !left.computed && prop !== null) {
        this.#wName.push('#this.' + prop);
        this.#wScope.push(this.scope);
        this.#wValue.push(node.operator === '=' ? node.right : null);
      }
    } else if (left.type === 'Identifier') {
      this.#wName.push(left.name);
      this.#wScope.push(this.scope);
      this.#wValue.push(node.operator === '=' ? node.right : null);
    }
    this.#push(node, gid, false, left);
  }

  #update(node: any): void {
    if (node.argument.type === 'Identifier') {
      this.#wName.push(node.argument.name);
      this.#wScope.push(this.scope);
      this.#wValue.push(null);
    }
  }

  #variableDeclaration(node: any): void {
    const kind = node.kind === 'var' ? 'var' : node.kind === 'const' ? 'const' : 'let';
    for (const d of node.declarations) {
      for (const name of namesOf(d.id)) {
        const b = this.#declare(this.scope, name, kind);
        if (d.init && d.id.type === 'Identifier') {
          b.writes++;
          b.addDef({ node: d.init, scope: this.scope });
          if (isFunction(d.init)) b.fn = d.init;
        } else if (d.init) b.writes += 2;
      }
    }
  }

  #variableDeclarator(node: any): void {
    const gid = this.newNode();
    for (const name of namesOf(node.id)) {
      const b = this.scope.vars.get(name);
      if (b) this.edge(gid, b.gid);
    }
    this.#push(node, gid, false, node.id);
  }

  #function(node: any, parent: any, key: string | null): void {
    if (parent !== null && (key === 'arguments' || key === 'callee') && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && node.type !== 'FunctionDeclaration') {
      // the call's frame is the innermost context: its earlier children's contexts have closed
      const call = this.#sp > 0 && this.#stack[this.#sp - 1]!.node === parent ? this.#stack[this.#sp - 1]!.call : null;
      if (call !== null) (key === 'arguments' ? this.callbackOf : this.iifeOf).set(node, call);
    }
    if (node.type === 'FunctionDeclaration' && node.id) {
      const b = this.#declare(this.scope, node.id.name, 'function');
      b.kind = 'function';
      b.fn = node;
    }
    const scope = new Scope(this.#scopeId++, this.scope, node);
    this.scopes.push(scope);
    const rec: FnRec = {
      node, scope, ret: this.newNode(), parent: this.fn,
      xor: false, charCode: false, fromCharCode: false, b64Alphabet: false, pushShift: false,
    };
    this.fns.push(rec);
    this.fnByNode.set(node, rec);
    if (node.type === 'FunctionExpression' && node.id) {
      const b = this.#declare(scope, node.id.name, 'function');
      b.fn = node;
    }
    for (const p of node.params) for (const name of namesOf(p)) this.#declare(scope, name, 'param');
    if (parent && parent.type === 'Property' && key === 'value' && !parent.computed && parent.key.type === 'Identifier') {
      this.#registerMethod(parent.key.name, node);
    } else if (parent && (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && !parent.computed) {
      // class methods, and private ones under their `#name` (`this.#send(u)`)
      if (parent.key.type === 'Identifier') this.#registerMethod(parent.key.name, node);
      else if (parent.key.type === 'PrivateIdentifier') this.#registerMethod('#' + parent.key.name, node);
    }
    const c = node.type === 'ArrowFunctionExpression' && node.expression ? this.#push(node, rec.ret, false) : this.#push(node, -1, true);
    c.fn = rec;
    c.savedFn = this.fn;
    c.savedScope = this.scope;
    this.scope = scope;
    this.fn = rec;
  }

  #resolve(name: string, scope: Scope): Binding {
    let b = scope.lookup(name);
    if (!b) {
      b = new Binding(name, this.global, 'implicit', this.newNode());
      this.global.declare(name, b);
    }
    return b;
  }

  /** Resolve the writes collected during the walk (bindings' definitions). Idempotent. */
  finalize(): void {
    if (this.#finalized) return;
    this.#finalized = true;
    for (let i = 0; i < this.#wName.length; i++) {
      const b = this.#resolve(this.#wName[i]!, this.#wScope[i]!);
      b.writes++;
      const v = this.#wValue[i];
      if (v) {
        b.addDef({ node: v, scope: this.#wScope[i]! });
        if (isFunction(v) && !b.fn) b.fn = v;
      }
    }
    for (let i = 0; i < this.#pName.length; i++) {
      const scope = this.#pScope[i]!;
      const v = this.#pValue[i];
      this.#resolve(this.#pName[i]!, scope).addPropWrite(this.#pProp[i]!, v ? { node: v, scope } : null);
    }
  }

  #edgesResolved = false;

  /**
   * Add the flow edges of identifier reads and writes (variable -> use, value -> variable). Only the
   * data-flow search needs them, so scripts with no sources or no sinks never pay for the lookups.
   * Idempotent; implies finalize().
   */
  resolveEdges(): void {
    this.finalize();
    if (this.#edgesResolved) return;
    this.#edgesResolved = true;
    const scopes = this.scopes;
    const rScope = this.#rScope.data;
    const rTo = this.#rTo.data;
    for (let i = 0; i < this.#rName.length; i++) {
      const name = this.#rName[i]!;
      const scope = scopes[rScope[i]!]!;
      this.edge(name === '#this' ? this.thisGid(scope) : this.#resolve(name, scope).gid, rTo[i]!);
    }
    const tScope = this.#tScope.data;
    const tFrom = this.#tFrom.data;
    for (let i = 0; i < this.#tName.length; i++) this.edge(tFrom[i]!, this.#resolve(this.#tName[i]!, scopes[tScope[i]!]!).gid);
  }

  /** Binding of an identifier as seen from a scope (after finalize). */
  binding(name: string, scope: Scope): Binding | null {
    return scope.lookup(name);
  }

  /** Edges `from` -> each of a function's parameters, in order, appended to two edge lists (no closure, no array). */
  paramEdges(rec: FnRec, from: number, eFrom: number[], eTo: number[]): void {
    const params = rec.node.params;
    const vars = rec.scope.vars;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (p.type === 'Identifier') {
        const b = vars.get(p.name);
        if (b) {
          eFrom.push(from);
          eTo.push(b.gid);
        }
      } else {
        for (const name of patternNames(p, [])) {
          const b = vars.get(name);
          if (b) {
            eFrom.push(from);
            eTo.push(b.gid);
          }
        }
      }
    }
  }
}

const HOOK_BY_TYPE = new Map(Object.entries(Facts.hooksByType));

/** `Facts.hooksByType` indexed by the walk's type index. */
export const FACTS_HOOKS: Array<EngineHook<Facts> | undefined> = (() => {
  const hooks = new Array<EngineHook<Facts> | undefined>(typeCount()).fill(undefined);
  for (const [type, h] of HOOK_BY_TYPE) {
    const i = typeIndex(type);
    if (i >= 0) hooks[i] = h;
  }
  return hooks;
})();
