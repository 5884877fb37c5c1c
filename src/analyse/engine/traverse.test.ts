import { describe, expect, test } from 'vitest';
import { parseSource } from './parse.js';
import { emptyListeners, traverse, typeIndex } from './traverse.js';

/** Every node reachable through any property, in a plain recursive scan (the reference). */
function allNodes(root: any): Set<any> {
  const out = new Set<any>();
  const scan = (n: any) => {
    if (out.has(n)) return;
    out.add(n);
    for (const k in n) {
      if (k === 'loc') continue;
      const v = n[k];
      for (const c of Array.isArray(v) ? v : [v]) if (c && typeof c === 'object' && typeof c.type === 'string') scan(c);
    }
  };
  scan(root);
  return out;
}

const noListeners = emptyListeners;

// one program with every construct acorn emits for ES2025 scripts and modules
const SCRIPT = `#!/usr/bin/env node
'use strict';
label: for (var i = 0, j; i < 3; i++) { if (i) continue label; else break label; }
for (const k in o) ; for (let [a, , ...r] of xs) {} for await (const z of zs) {}
do { x?.y?.[z]?.(w); } while (false); while (0) debugger;
switch (n) { case 1: throw new Error(\`e \${n} \${m}\`); default: }
try { void typeof delete a.b; } catch ({ message: msg = 'd', ...rest }) {} finally { a ??= b || c && d; }
const f = async function* g(p = 1, { q }, ...s) { yield* p; await q; return this; };
class C extends (B ?? Object) { static #x = 1; static { C.y = 2; } #m() { return super.m(); } get v() { return #x in this; } }
const t = tag\`a\${1}b\`, re = /x/g, big = 10n, arr = [1, , ...xs], o2 = { a, [b]: 1, c() {}, get d() { return 1; }, ...e };
(a, b) => a + b; function nt() { new.target; } import.meta; import('m', { with: { type: 'json' } });
with (o) { x = y ? z : w; }
`;
const MODULE = `import d, { a as b, c } from 'm' with { type: 'json' }; import * as ns from 'n';
export { b as e }; export * as f from 'g'; export default class {} export const h = 1;`;

describe('traverse: the compiled child-key walk', () => {
  for (const [name, code, isModule] of [['script', SCRIPT.replace('import.meta; ', ''), false], ['module', MODULE + '\n' + SCRIPT.replace(/^#!.*\n'use strict';\n/, '').replace(/with \(o\).*\n/, ''), true]] as const) {
    test(`visits every node of a ${name} once per parent slot, in source order`, () => {
      const parsed = parseSource(code, isModule);
      expect(parsed.parseError).toBeNull();
      const seen: any[] = [];
      traverse(parsed.ast, (n) => seen.push(n), noListeners());
      expect(new Set(seen)).toEqual(allNodes(parsed.ast));
      // pre-order in source order: each node starts at or after the one entered before it, except
      // where one node sits in two slots (a shorthand property's key and value)
      for (let i = 1; i < seen.length; i++) {
        if (seen[i] === seen[i - 1]) continue;
        expect(seen[i].start, `${seen[i].type} after ${seen[i - 1].type}`).toBeGreaterThanOrEqual(seen[i - 1].start);
      }
    });
  }

  test('passes the parent and the key the child sits under', () => {
    const ast = parseSource('f(a, b.c);').ast as any;
    const got: string[] = [];
    traverse(ast, (n, p, key) => got.push(`${n.type}<${p?.type ?? '-'}.${key ?? '-'}`), noListeners());
    expect(got).toEqual([
      'Program<-.-', 'ExpressionStatement<Program.body', 'CallExpression<ExpressionStatement.expression', 'Identifier<CallExpression.callee',
      'Identifier<CallExpression.arguments', 'MemberExpression<CallExpression.arguments', 'Identifier<MemberExpression.object', 'Identifier<MemberExpression.property',
    ]);
  });

  test('calls the type listener after enter, and leave after the children', () => {
    const ast = parseSource('g(1);').ast as any;
    const log: string[] = [];
    const listeners = noListeners();
    listeners.byIndex[typeIndex('CallExpression')] = (n) => log.push(`listener ${n.type}`);
    traverse(ast, (n) => log.push(`enter ${n.type}`), listeners, (n) => log.push(`leave ${n.type}`));
    expect(log).toEqual([
      'enter Program', 'enter ExpressionStatement', 'enter CallExpression', 'listener CallExpression', 'enter Identifier', 'leave Identifier',
      'enter Literal', 'leave Literal', 'leave CallExpression', 'leave ExpressionStatement', 'leave Program',
    ]);
  });

  test('walks node types the table does not know by scanning their properties', () => {
    const ast = { type: 'Program', start: 0, end: 9, body: [{ type: 'FancyStatement', start: 0, end: 9, loc: { start: {} }, inner: { type: 'Identifier', name: 'x', start: 2, end: 3 }, list: [{ type: 'Literal', value: 1, start: 5, end: 6 }] }] };
    const types: string[] = [];
    const listeners = noListeners();
    listeners.other.set('FancyStatement', () => types.push('fancy listener'));
    traverse(ast, (n) => types.push(n.type), listeners);
    expect(typeIndex('FancyStatement')).toBe(-1);
    expect(types).toEqual(['Program', 'FancyStatement', 'fancy listener', 'Identifier', 'Literal']);
  });

  test('a walk started from inside a listener does not disturb the outer one', () => {
    const outer = parseSource('a; b;').ast as any;
    const inner = parseSource('c;').ast as any;
    const names: string[] = [];
    const listeners = noListeners();
    listeners.byIndex[typeIndex('ExpressionStatement')] = (n) => {
      if (n.expression.name === 'a') traverse(inner, (m) => m.type === 'Identifier' && names.push(`inner ${m.name}`), noListeners());
    };
    traverse(outer, (n) => n.type === 'Identifier' && names.push(n.name), listeners);
    expect(names).toEqual(['inner c', 'a', 'b']);
  });

  test('deep nesting (as deep as acorn parses here)', () => {
    const ast = parseSource('x=' + '['.repeat(500) + ']'.repeat(500)).ast as any;
    let n = 0;
    traverse(ast, () => n++, noListeners());
    expect(n).toBe(504);
  });
});
