// One walk per script (estree-walker): the engine's facts listener first, then every rule listener
// registered for the node type (ESLint's SourceCodeVisitor: a map from selector to listeners).
import { walk } from 'estree-walker';
import type { Node } from 'estree';
import type { Facts } from './facts.js';
import type { Visitor } from '../rule.js';

export interface Listeners {
  fns: Visitor[];
  /** Index of the rule that registered each listener (for error attribution). */
  owners: number[];
}

export class VisitorMap {
  readonly enter = new Map<string, Listeners>();
  readonly exit = new Map<string, Listeners>();

  add(selector: string, fn: Visitor, owner = -1): void {
    const isExit = selector.endsWith(':exit');
    const type = isExit ? selector.slice(0, -5) : selector;
    const m = isExit ? this.exit : this.enter;
    const l = m.get(type);
    if (l) {
      l.fns.push(fn);
      l.owners.push(owner);
    } else m.set(type, { fns: [fn], owners: [owner] });
  }
}

export function walkProgram(ast: Node, facts: Facts, visitors: VisitorMap, onError: (owner: number, e: unknown, node: any) => void = (_o, e) => { throw e; }): void {
  const enter = visitors.enter;
  const exit = visitors.exit;

  const dispatch = (l: Listeners, node: any, parent: any): void => {
    const fns = l.fns;
    for (let i = 0; i < fns.length; i++) {
      try {
        fns[i]!(node, parent);
      } catch (e) {
        onError(l.owners[i]!, e, node);
      }
    }
  };

  // estree-walker's walk: one pass, enter then children then leave, children in acorn's order.
  walk(ast as any, {
    enter(node: any, parent: any, key: any) {
      facts.enter(node, parent, typeof key === 'string' ? key : null);
      const le = enter.get(node.type);
      if (le !== undefined) dispatch(le, node, parent);
    },
    leave(node: any, parent: any, key: any) {
      const lx = exit.get(node.type);
      if (lx !== undefined) dispatch(lx, node, parent);
      facts.leave(node, parent, typeof key === 'string' ? key : null);
    },
  });
}
