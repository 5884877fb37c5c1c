// One estree-walker walk per script: the engine's facts listener first, then every rule listener
// registered for the node type (ESLint's SourceCodeVisitor: a map from selector to listeners).
import { walk } from 'estree-walker';
import type { Node } from 'estree';
import type { Facts } from './facts.js';
import type { Visitor } from '../rule.js';

export class VisitorMap {
  readonly enter = new Map<string, Visitor[]>();
  readonly exit = new Map<string, Visitor[]>();

  add(selector: string, fn: Visitor): void {
    const isExit = selector.endsWith(':exit');
    const type = isExit ? selector.slice(0, -5) : selector;
    const m = isExit ? this.exit : this.enter;
    const l = m.get(type);
    if (l) l.push(fn);
    else m.set(type, [fn]);
  }
}

export function walkProgram(ast: Node, facts: Facts, visitors: VisitorMap): void {
  const enter = visitors.enter;
  const exit = visitors.exit;
  walk(ast, {
    enter(node: Node, parent: Node | null, key: string | number | symbol | null | undefined) {
      facts.enter(node, parent, key as string);
      const l = enter.get(node.type);
      if (l) for (let i = 0; i < l.length; i++) l[i]!(node, parent);
    },
    leave(node: Node, parent: Node | null, key: string | number | symbol | null | undefined) {
      const l = exit.get(node.type);
      if (l) for (let i = 0; i < l.length; i++) l[i]!(node, parent);
      facts.leave(node, parent, key as string);
    },
  });
}
