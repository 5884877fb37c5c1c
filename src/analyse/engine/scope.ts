// Function-level scopes built during the single walk. Block scopes are folded into their function
// (coarse, but cheap and good enough for data flow between variables of one script).
import type { Node } from 'estree';

export type BindingKind = 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'catch' | 'implicit';

export interface Def {
  /** The value expression (initialiser or assigned value) or, for functions, the function node. */
  node: Node;
  scope: Scope;
}

export class Binding {
  /** Graph node id in the flow graph. */
  readonly gid: number;
  /** Number of writes (declarator initialisers and assignments) seen. */
  writes = 0;
  readonly defs: Def[] = [];
  /** Set for function declarations and `var f = function(){}`. */
  fn: Node | null = null;
  constructor(
    readonly name: string,
    readonly scope: Scope,
    public kind: BindingKind,
    gid: number,
  ) {
    this.gid = gid;
  }
}

export class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(
    readonly id: number,
    readonly parent: Scope | null,
    /** The function node owning this scope; null for the program. */
    readonly fn: Node | null,
  ) {}

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
