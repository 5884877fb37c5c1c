import { describe, expect, it } from 'vitest';
import * as acorn from 'acorn';
import { LineIndex } from './lines.js';

describe('LineIndex', () => {
  it('gives every node the line and column acorn locations give it', () => {
    const source = 'a = 1;\r\nb = "x";\rc = 2;\u2028d = `\n${e}`;\u2029\n  f(g)\n\n\t h.i = [j];';
    const ast = acorn.parse(source, { ecmaVersion: 'latest', locations: true });
    const lines = new LineIndex(source);
    let n = 0;
    (function visit(node: any) {
      if (node && typeof node.type === 'string') {
        expect(lines.at(node.start)).toEqual({ line: node.loc.start.line, column: node.loc.start.column + 1 });
        n++;
      }
      for (const k in node) if (k !== 'loc' && node[k] && typeof node[k] === 'object') visit(node[k]);
    })(ast);
    expect(n).toBeGreaterThan(20);
  });

  it('falls back to a node without an offset', () => {
    const lines = new LineIndex('x');
    expect(lines.ofNode({ loc: { start: { line: 3, column: 4 } } })).toEqual({ line: 3, column: 5 });
    expect(lines.ofNode(null)).toEqual({ line: 1, column: 1 });
    expect(lines.at(0)).toEqual({ line: 1, column: 1 });
  });
});
