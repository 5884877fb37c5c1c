// The engine's own listener in the single walk: it builds function scopes, records every call,
// interesting member reads and assignments, and the edges of a coarse data-flow graph
// (value of an expression -> the variable, call or sink it flows into). Nothing is resolved during
// the walk (declarations may come later: hoisting); `finalize()` resolves names at Program:exit.
import type { Node } from 'estree';
import { Binding, Scope, type BindingKind } from './scope.js';
import { fieldRole, type FieldRole } from '../helpers/payment-fields.js';

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

export interface CallRec {
  node: any;
  scope: Scope;
  gid: number;
  fn: FnRec | null;
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

export interface MemberRec {
  node: any;
  scope: Scope;
  gid: number;
  prop: string;
  role: FieldRole | null;
}

interface Frame {
  node: any;
  target: number;
  barrier: boolean;
  lhs: any | null;
}

const INTERESTING_ASSIGN_PROPS = new Set([
  'src', 'href', 'action', 'cookie', 'innerHTML', 'outerHTML', 'text', 'textContent', 'innerText', 'srcdoc', 'data', 'location',
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

function isFunction(n: any): boolean {
  return n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration';
}

export class Facts {
  readonly global: Scope;
  scope: Scope;
  fn: FnRec | null = null;
  readonly fns: FnRec[] = [];
  readonly fnByNode = new Map<Node, FnRec>();
  readonly calls: CallRec[] = [];
  readonly assigns: AssignRec[] = [];
  readonly members: MemberRec[] = [];
  /** IIFE statements that take arguments and shuffle arrays: string-array rotation candidates. */
  readonly iifes: Array<{ node: any; scope: Scope }> = [];
  /** Functions registered under a property name (`o.send = function…`, `{send(){}}`, class methods). */
  readonly methods = new Map<string, any[]>();
  /** Function -> the object literal it is a method of (resolves `this.x` inside it). */
  readonly thisObject = new Map<any, any>();

  /** Graph: number of nodes, and each node's AST node when it has one (calls, sources, sinks). */
  gCount = 0;
  readonly gNode: any[] = [];
  readonly eFrom: number[] = [];
  readonly eTo: number[] = [];
  // identifier references flowing into a node, resolved at finalize()
  readonly #rName: string[] = [];
  readonly #rScope: Scope[] = [];
  readonly #rTo: number[] = [];
  // nodes flowing into a (not yet resolved) variable
  readonly #tName: string[] = [];
  readonly #tScope: Scope[] = [];
  readonly #tFrom: number[] = [];
  // writes to plain identifiers, resolved at finalize()
  readonly #wName: string[] = [];
  readonly #wScope: Scope[] = [];
  readonly #wValue: any[] = [];

  #frames: Frame[] = [];
  #depth = 0;
  #frame: Frame | null = null;
  #patternDepth = 0;
  #scopeId = 0;
  #finalized = false;

  constructor(readonly isModule: boolean) {
    this.global = new Scope(this.#scopeId++, null, null);
    this.scope = this.global;
  }

  newNode(astNode: any = null): number {
    const id = this.gCount++;
    if (astNode) this.gNode[id] = astNode;
    return id;
  }

  edge(from: number, to: number): void {
    this.eFrom.push(from);
    this.eTo.push(to);
  }

  #declare(scope: Scope, name: string, kind: BindingKind): Binding {
    let b = scope.vars.get(name);
    if (!b) {
      b = new Binding(name, scope, kind, this.newNode());
      scope.vars.set(name, b);
    }
    return b;
  }

  fnScope(fn: Node): Scope | undefined {
    return this.fnByNode.get(fn)?.scope;
  }

  #push(node: any, target: number, barrier: boolean, lhs: any = null): void {
    // frames are reused (a stack of preallocated records): no allocation per call/assignment
    let f = this.#frames[this.#depth];
    if (f === undefined) {
      f = { node, target, barrier, lhs };
      this.#frames.push(f);
    } else {
      f.node = node;
      f.target = target;
      f.barrier = barrier;
      f.lhs = lhs;
    }
    this.#depth++;
    this.#frame = f;
  }

  /** Flow a value node into the innermost open frame. */
  #flowOut(gid: number): void {
    const f = this.#frame;
    if (f && !f.barrier && f.lhs === null) this.edge(gid, f.target);
  }

  #targetName(name: string, from: number): void {
    this.#tName.push(name);
    this.#tScope.push(this.scope);
    this.#tFrom.push(from);
  }

  #lhsTarget(left: any, from: number): void {
    let n = left;
    if (n.type === 'Identifier') return this.#targetName(n.name, from);
    if (n.type === 'ObjectPattern' || n.type === 'ArrayPattern') {
      for (const name of patternNames(n, [])) this.#targetName(name, from);
      return;
    }
    while (n.type === 'MemberExpression') {
      if (n.object.type === 'ThisExpression' && !n.computed && n.property.type === 'Identifier') {
        return this.#targetName('#this.' + n.property.name, from);
      }
      n = n.object;
    }
    if (n.type === 'Identifier') this.#targetName(n.name, from);
  }

  #registerMethod(name: string, fn: any): void {
    let l = this.methods.get(name);
    if (!l) this.methods.set(name, (l = []));
    if (l.length < 16) l.push(fn);
  }

  enter(node: any, parent: any, key: string | null | undefined): void {
    if (parent && key === 'right' && (parent.type === 'ForOfStatement' || parent.type === 'ForInStatement')) {
      // for (x of right): x <- right, framed on the `right` child only
      const gid = this.newNode();
      this.#lhsTarget(parent.left.type === 'VariableDeclaration' ? parent.left.declarations[0].id : parent.left, gid);
      this.#push(node, gid, false);
    }
    const f = this.#frame;
    switch (node.type) {
      case 'Identifier': {
        if (!f || f.barrier || f.lhs !== null || this.#patternDepth > 0) return;
        if (parent) {
          const pt = parent.type;
          if (pt === 'MemberExpression' && key === 'property' && !parent.computed) return;
          if ((pt === 'Property' || pt === 'PropertyDefinition' || pt === 'MethodDefinition') && key === 'key' && !parent.computed) return;
          if (pt === 'Property' && parent.shorthand && key === 'key') return;
          if ((pt === 'FunctionExpression' || pt === 'FunctionDeclaration' || pt === 'ArrowFunctionExpression' || pt === 'ClassExpression' || pt === 'ClassDeclaration') && (key === 'params' || key === 'id')) return;
          if ((pt === 'LabeledStatement' || pt === 'BreakStatement' || pt === 'ContinueStatement') && key === 'label') return;
          if (pt === 'MetaProperty' || pt === 'ImportSpecifier' || pt === 'ExportSpecifier' || pt === 'ImportDefaultSpecifier' || pt === 'ImportNamespaceSpecifier') return;
        }
        this.#rName.push(node.name);
        this.#rScope.push(this.scope);
        this.#rTo.push(f.target);
        return;
      }
      case 'MemberExpression': {
        if (f && f.lhs !== null) return;
        const framed = f !== null && !f.barrier;
        let prop: string | null = null;
        if (!node.computed) prop = node.property.name ?? null;
        else if (node.property.type === 'Literal' && typeof node.property.value === 'string') prop = node.property.value;
        if (prop === null) return;
        if (framed && node.object.type === 'ThisExpression') {
          this.#rName.push('#this.' + prop);
          this.#rScope.push(this.scope);
          this.#rTo.push(f!.target);
        }
        if (prop === 'charCodeAt' && this.fn) this.fn.charCode = true;
        else if (prop === 'fromCharCode' && this.fn) this.fn.fromCharCode = true;
        else if (prop === 'push' || prop === 'shift') for (let r = this.fn; r && !r.pushShift; r = r.parent) r.pushShift = true;
        const role = fieldRole(prop);
        const storage = node.object.type === 'Identifier' && STORAGE_OBJECTS.has(node.object.name);
        if (role || prop === 'elements' || prop === 'cookie' || storage) {
          const gid = this.newNode(node);
          this.members.push({ node, scope: this.scope, gid, prop, role });
          if (framed) this.edge(gid, f!.target);
        }
        return;
      }
      case 'CallExpression':
      case 'NewExpression': {
        const gid = this.newNode(node);
        this.calls.push({ node, scope: this.scope, gid, fn: this.fn });
        this.#flowOut(gid);
        this.#push(node, gid, false);
        return;
      }
      case 'AssignmentExpression': {
        const gid = this.newNode(node);
        const left = node.left;
        this.#flowOut(gid);
        this.#lhsTarget(left, gid);
        let prop: string | null = null;
        if (left.type === 'MemberExpression') {
          prop = !left.computed ? (left.property.name ?? null) : left.property.type === 'Literal' ? String(left.property.value) : null;
          if (prop !== null && (INTERESTING_ASSIGN_PROPS.has(prop) || (left.object.type === 'Identifier' && STORAGE_OBJECTS.has(left.object.name)))) {
            this.assigns.push({ node, scope: this.scope, gid, prop });
          } else if (left.computed && prop === null) {
            this.assigns.push({ node, scope: this.scope, gid, prop: null });
          }
          if (prop !== null && isFunction(node.right)) this.#registerMethod(prop, node.right);
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
        return;
      }
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') {
          this.#wName.push(node.argument.name);
          this.#wScope.push(this.scope);
          this.#wValue.push(null);
        }
        return;
      case 'VariableDeclaration': {
        const kind = node.kind === 'var' ? 'var' : node.kind === 'const' ? 'const' : 'let';
        for (const d of node.declarations) {
          for (const name of namesOf(d.id)) {
            const b = this.#declare(this.scope, name, kind);
            if (d.init && d.id.type === 'Identifier') {
              b.writes++;
              b.defs.push({ node: d.init, scope: this.scope });
              if (isFunction(d.init)) b.fn = d.init;
            } else if (d.init) b.writes += 2;
          }
        }
        return;
      }
      case 'VariableDeclarator': {
        const gid = this.newNode();
        for (const name of namesOf(node.id)) {
          const b = this.scope.vars.get(name);
          if (b) this.edge(gid, b.gid);
        }
        this.#push(node, gid, false, node.id);
        return;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        if (node.type === 'FunctionDeclaration' && node.id) {
          const b = this.#declare(this.scope, node.id.name, 'function');
          b.kind = 'function';
          b.fn = node;
        }
        const scope = new Scope(this.#scopeId++, this.scope, node);
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
        } else if (parent && parent.type === 'MethodDefinition' && !parent.computed && parent.key.type === 'Identifier') {
          this.#registerMethod(parent.key.name, node);
        }
        this.scope = scope;
        this.fn = rec;
        if (node.type === 'ArrowFunctionExpression' && node.expression) this.#push(node, rec.ret, false);
        else this.#push(node, -1, true);
        return;
      }
      case 'ReturnStatement':
        if (node.argument) this.#push(node, this.fn ? this.fn.ret : this.newNode(), false);
        return;
      case 'CatchClause':
        if (node.param) for (const name of patternNames(node.param, [])) this.#declare(this.scope, name, 'catch');
        return;
      case 'ClassDeclaration':
        if (node.id) this.#declare(this.scope, node.id.name, 'class');
        return;
      case 'ObjectPattern':
      case 'ArrayPattern':
        if (!(parent && parent.type === 'AssignmentExpression')) this.#patternDepth++;
        return;
      case 'ObjectExpression':
        for (const p of node.properties) {
          if (p.type === 'Property' && (p.value.type === 'FunctionExpression' || p.value.type === 'ArrowFunctionExpression')) this.thisObject.set(p.value, node);
        }
        return;
      case 'Literal':
        if (this.fn && typeof node.value === 'string' && node.value.length >= 62 && node.value.includes('ABCDEFGHIJKLMNOPQRSTUVWXYZ')) {
          this.fn.b64Alphabet = true;
        }
        return;
      case 'BinaryExpression':
        if (node.operator === '^' && this.fn) this.fn.xor = true;
        return;
      case 'ExpressionStatement': {
        let e = node.expression;
        if (e.type === 'UnaryExpression') e = e.argument;
        if (e.type === 'CallExpression' && e.arguments.length > 0 && isFunction(e.callee)) this.iifes.push({ node: e, scope: this.scope });
        return;
      }
    }
  }

  /** Must be called for nodes of every type that enter() can frame (the walk calls it for all). */
  leave(node: any, parent: any, key: string | null | undefined): void {
    let f = this.#frame;
    if (f && f.lhs === node) f.lhs = null; // leaving the assignment target: what follows is the value
    while (f && f.node === node) {
      f.node = null;
      f.lhs = null;
      this.#depth--;
      f = this.#frame = this.#depth > 0 ? this.#frames[this.#depth - 1]! : null;
    }
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (this.fn && this.fn.node === node) {
          this.scope = this.scope.parent ?? this.global;
          this.fn = this.fn.parent;
        }
        return;
      case 'ObjectPattern':
      case 'ArrayPattern':
        if (!(parent && parent.type === 'AssignmentExpression')) this.#patternDepth--;
        return;
    }
    void key;
  }

  #resolve(name: string, scope: Scope): Binding {
    let b = scope.lookup(name);
    if (!b) {
      b = new Binding(name, this.global, 'implicit', this.newNode());
      this.global.vars.set(name, b);
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
        b.defs.push({ node: v, scope: this.#wScope[i]! });
        if (isFunction(v) && !b.fn) b.fn = v;
      }
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
    for (let i = 0; i < this.#rName.length; i++) this.edge(this.#resolve(this.#rName[i]!, this.#rScope[i]!).gid, this.#rTo[i]!);
    for (let i = 0; i < this.#tName.length; i++) this.edge(this.#tFrom[i]!, this.#resolve(this.#tName[i]!, this.#tScope[i]!).gid);
  }

  /** Binding of an identifier as seen from a scope (after finalize). */
  binding(name: string, scope: Scope): Binding | null {
    return scope.lookup(name);
  }

  paramGids(fn: any): number[] {
    const rec = this.fnByNode.get(fn);
    if (!rec) return [];
    const out: number[] = [];
    for (const p of fn.params) for (const name of namesOf(p)) {
      const b = rec.scope.vars.get(name);
      if (b) out.push(b.gid);
    }
    return out;
  }
}
