// Function-level scopes built during the single walk. Block scopes are folded into their function
// (coarse, but cheap and good enough for data flow between variables of one script).
import type { Node } from 'estree';

export type BindingKind = 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'catch' | 'implicit';

export interface Def {
  /** The value expression (initialiser or assigned value) or, for functions, the function node. */
  node: Node;
  scope: Scope;
}

const NO_DEFS: readonly Def[] = Object.freeze([]);
const NO_VARS: ReadonlyMap<string, Binding> = new Map<string, Binding>();

export class Binding {
  /** Graph node id in the flow graph. */
  readonly gid: number;
  /** Number of writes (declarator initialisers and assignments) seen. */
  writes = 0;
  /** Exact-size: most bindings have one definition (facts add them through `addDef`). */
  defs: Def[] = NO_DEFS as Def[];
  /** Set for function declarations and `var f = function(){}`. */
  fn: Node | null = null;
  /** Writes to its properties by name (`ns.cfg = {…}`): a namespace object built up by assignments. */
  props: Map<string, { writes: number; defs: Def[] }> | null = null;
  constructor(
    readonly name: string,
    readonly scope: Scope,
    public kind: BindingKind,
    gid: number,
  ) {
    this.gid = gid;
  }

  /** A write `name.prop = …` (`d` null when the value is not a plain `=`). */
  addPropWrite(prop: string, d: Def | null): void {
    const props = (this.props ??= new Map());
    let w = props.get(prop);
    if (!w) props.set(prop, (w = { writes: 0, defs: [] }));
    w.writes++;
    if (d) w.defs.push(d);
  }

  addDef(d: Def): void {
    if (this.defs.length === 0) this.defs = [d];
    else this.defs.push(d);
  }
}

export class Scope {
  /** Names declared in this scope; created on the first declaration (`declare`). */
  vars: ReadonlyMap<string, Binding> = NO_VARS;
  constructor(
    readonly id: number,
    readonly parent: Scope | null,
    /** The function node owning this scope; null for the program. */
    readonly fn: Node | null,
  ) {}

  declare(name: string, b: Binding): void {
    if (this.vars === NO_VARS) this.vars = new Map<string, Binding>();
    (this.vars as Map<string, Binding>).set(name, b);
  }

  lookup(name: string): Binding | null {
    let s: Scope | null = this;
    while (s) {
      const b = s.vars.get(name);
      if (b) return b;
      s = s.parent;
    }
    return null;
  }

  root(): Scope {
    let s: Scope = this;
    while (s.parent) s = s.parent;
    return s;
  }
}

/** `a.b.c.d` (no computed step, an identifier at the root) as its root name and `b.c.d`; null otherwise, or past 6 steps. */
export function dottedPath(e: any): { root: string; path: string } | null {
  const names: string[] = [];
  let n = e;
  while (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && names.length < 6) {
    names.push(n.property.name);
    n = n.object;
  }
  return n.type === 'Identifier' && names.length > 0 ? { root: n.name, path: names.reverse().join('.') } : null;
}
