// One walk per script: the engine's facts listener first, then every rule listener registered for
// the node type (ESLint's SourceCodeVisitor: a map from selector to listeners).
import { emptyListeners, traverseWithEngine, typeIndex, type TypeListeners } from './traverse.js';
import type { Node } from 'estree';
import { FACTS_HOOKS, type Facts } from './facts.js';
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

// Built outside walkProgram: the listener functions it returns share its closure context, which
// must not hold the facts (a caller keeps the listeners alive, and the facts hold the AST).
function leaveWith(exitFns: Map<string, (node: any, parent: any) => void>, facts: Facts): (node: any, parent: any) => void {
  return (node, parent) => {
    const lx = exitFns.get(node.type);
    if (lx !== undefined) lx(node, parent);
    facts.leave(node);
  };
}

/** Returns the per-type listener functions it built (a caller may keep them alive: see run.ts). */
export function walkProgram(ast: Node, facts: Facts, visitors: VisitorMap, onError: (owner: number, e: unknown, node: any) => void = (_o, e) => { throw e; }): TypeListeners {
  // each node type's rule listeners as one function (errors attributed to the rule, the walk goes on)
  const listenersFn = (l: Listeners): ((node: any, parent: any) => void) => {
    const fns = l.fns;
    const owners = l.owners;
    if (fns.length === 1) {
      const f0 = fns[0]!;
      const o0 = owners[0]!;
      return (node, parent) => {
        try {
          f0(node, parent);
        } catch (e) {
          onError(o0, e, node);
        }
      };
    }
    return (node, parent) => {
      for (let i = 0; i < fns.length; i++) {
        try {
          fns[i]!(node, parent);
        } catch (e) {
          onError(owners[i]!, e, node);
        }
      }
    };
  };
  const listeners = emptyListeners();
  for (const [type, l] of visitors.enter) {
    const i = typeIndex(type);
    if (i >= 0) listeners.byIndex[i] = listenersFn(l);
    else listeners.other.set(type, listenersFn(l));
  }

  // Exit listeners other than Program:exit need a leave callback (the facts then close their
  // contexts on leave, after the listeners, as the walk goes up); Program:exit runs after the walk.
  const exit = visitors.exit;
  let leave: ((node: any, parent: any) => void) | undefined;
  for (const type of exit.keys()) {
    if (type === 'Program') continue;
    const exitFns = new Map<string, (node: any, parent: any) => void>();
    for (const [t, l] of exit) if (t !== 'Program') exitFns.set(t, listenersFn(l));
    leave = leaveWith(exitFns, facts);
    break;
  }

  // On each node: the facts' contexts that ended before it are closed, then its facts hook, then the
  // rules'. Its `loc` is dropped first: findings take lines from offsets (LineIndex), and acorn's three
  // location objects per node, kept alive through the analysis, were what every minor GC copied
  // (CPU per corpus round -8 to -15%).
  traverseWithEngine(ast, facts, FACTS_HOOKS, listeners, leave ?? null, true);
  facts.closeAll();
  const px = exit.get('Program');
  if (px !== undefined) listenersFn(px)(ast, null);
  return listeners;
}
