// One walk per script: the engine's facts listener first, then every rule listener registered for
// the node type (ESLint's SourceCodeVisitor: a map from selector to listeners). The walker is a
// plain recursive descent over a fixed table of child keys per ESTree node type (acorn's order),
// with no per-node allocation; unknown node types fall back to enumerating their keys.
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

/** Child keys per node type, in the order acorn creates them (the order estree-walker visits). */
const KEYS: Record<string, readonly string[]> = {
  Program: ['body'],
  ExpressionStatement: ['expression'],
  BlockStatement: ['body'],
  StaticBlock: ['body'],
  EmptyStatement: [],
  DebuggerStatement: [],
  WithStatement: ['object', 'body'],
  ReturnStatement: ['argument'],
  LabeledStatement: ['body', 'label'],
  BreakStatement: ['label'],
  ContinueStatement: ['label'],
  IfStatement: ['test', 'consequent', 'alternate'],
  SwitchStatement: ['discriminant', 'cases'],
  SwitchCase: ['consequent', 'test'],
  ThrowStatement: ['argument'],
  TryStatement: ['block', 'handler', 'finalizer'],
  CatchClause: ['param', 'body'],
  WhileStatement: ['test', 'body'],
  DoWhileStatement: ['body', 'test'],
  ForStatement: ['init', 'test', 'update', 'body'],
  ForInStatement: ['left', 'right', 'body'],
  ForOfStatement: ['left', 'right', 'body'],
  FunctionDeclaration: ['id', 'params', 'body'],
  FunctionExpression: ['id', 'params', 'body'],
  ArrowFunctionExpression: ['id', 'params', 'body'],
  VariableDeclaration: ['declarations'],
  VariableDeclarator: ['id', 'init'],
  ClassDeclaration: ['id', 'superClass', 'body'],
  ClassExpression: ['id', 'superClass', 'body'],
  ClassBody: ['body'],
  MethodDefinition: ['key', 'value'],
  PropertyDefinition: ['key', 'value'],
  ThisExpression: [],
  Super: [],
  ArrayExpression: ['elements'],
  ObjectExpression: ['properties'],
  Property: ['key', 'value'],
  UnaryExpression: ['argument'],
  UpdateExpression: ['argument'],
  BinaryExpression: ['left', 'right'],
  LogicalExpression: ['left', 'right'],
  AssignmentExpression: ['left', 'right'],
  MemberExpression: ['object', 'property'],
  ConditionalExpression: ['test', 'consequent', 'alternate'],
  CallExpression: ['callee', 'arguments'],
  NewExpression: ['callee', 'arguments'],
  SequenceExpression: ['expressions'],
  YieldExpression: ['argument'],
  AwaitExpression: ['argument'],
  TemplateLiteral: ['expressions', 'quasis'],
  TaggedTemplateExpression: ['tag', 'quasi'],
  TemplateElement: [],
  ObjectPattern: ['properties'],
  ArrayPattern: ['elements'],
  RestElement: ['argument'],
  AssignmentPattern: ['left', 'right'],
  SpreadElement: ['argument'],
  MetaProperty: ['meta', 'property'],
  ChainExpression: ['expression'],
  ParenthesizedExpression: ['expression'],
  ImportExpression: ['source', 'options'],
  ImportDeclaration: ['specifiers', 'source', 'attributes'],
  ImportSpecifier: ['imported', 'local'],
  ImportDefaultSpecifier: ['local'],
  ImportNamespaceSpecifier: ['local'],
  ImportAttribute: ['key', 'value'],
  ExportNamedDeclaration: ['declaration', 'specifiers', 'source', 'attributes'],
  ExportSpecifier: ['local', 'exported'],
  ExportDefaultDeclaration: ['declaration'],
  ExportAllDeclaration: ['exported', 'source', 'attributes'],
  Identifier: [],
  PrivateIdentifier: [],
  Literal: [],
};

function genericKeys(node: any): string[] {
  const out: string[] = [];
  for (const k in node) {
    if (k === 'loc' || k === 'range' || k === 'start' || k === 'end' || k === 'type') continue;
    const v = node[k];
    if (v !== null && typeof v === 'object' && (Array.isArray(v) || typeof v.type === 'string')) out.push(k);
  }
  return out;
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

  const visit = (node: any, parent: any, key: string | null): void => {
    const type: string = node.type;
    facts.enter(node, parent, key);
    const le = enter.get(type);
    if (le !== undefined) dispatch(le, node, parent);
    const keys = KEYS[type] ?? genericKeys(node);
    for (let k = 0; k < keys.length; k++) {
      const name = keys[k]!;
      const v = node[name];
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const c = v[i];
          if (c !== null && typeof c === 'object' && typeof c.type === 'string') visit(c, node, name);
        }
      } else if (typeof v === 'object' && typeof v.type === 'string') visit(v, node, name);
    }
    const lx = exit.get(type);
    if (lx !== undefined) dispatch(lx, node, parent);
    facts.leave(node, parent, key);
  };

  visit(ast, null, null);
}
