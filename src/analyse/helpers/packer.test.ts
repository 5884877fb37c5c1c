import { describe, expect, test } from 'vitest';
import { parse } from 'acorn';
import { isPackerFunction, unpack } from './packer.js';
import { pack } from '../../../test/helpers/packer.js';

const SRC = "var f = document.querySelector('[name=\"payment[cc_number]\"]'); f.addEventListener('change', function () { new Image().src = '/p.gif?d=' + btoa(f.value); });\n// a second line, quotes ' and backslashes \\\\ kept";

function packerCall(code: string): any {
  return (parse(code, { ecmaVersion: 'latest' }) as any).body[0].expression.arguments[0];
}

describe('unpack', () => {
  test('gives back the source a packer call unpacks to (checked against running the unpacker itself)', () => {
    const packed = pack(SRC);
    const run = new Function('return ' + packed.slice('eval('.length, -1))();
    expect(run).toBe(SRC);
    const call = packerCall(packed);
    const args = call.arguments.slice(0, 4).map((a: any) => (a.type === 'Literal' ? a.value : a.callee.object.value.split('|')));
    expect(unpack(args[0], args[1], args[2], args[3])).toBe(SRC);
  });
  test('other argument shapes are not packer payloads', () => {
    expect(unpack('a b', 62, 2, 'x')).toBeNull();
    expect(unpack('a b', 99, 2, ['x', 'y'])).toBeNull();
    expect(unpack('a b', 62, 3, ['x', 'y'])).toBeNull();
    expect(unpack(1, 62, 1, ['x'])).toBeNull();
  });
});

describe('isPackerFunction', () => {
  test('the packer function', () => expect(isPackerFunction(packerCall(pack(SRC)).callee)).toBe(true));
  test.each([
    '(function (a, b, c, d, e, f) { return a; })(1, 2, 3, 4, 5, 6)',
    '(function (p, a, c, k, e, d) { p = k[0]; })(1, 2, 3, 4, 5, 6)',
    '(function ({ p }, a, c, k, e, d) { while (c--) {} return p; })(1, 2, 3, 4, 5, 6)',
  ])('not %s', (code) => expect(isPackerFunction((parse(code, { ecmaVersion: 'latest' }) as any).body[0].expression.callee)).toBe(false));
});
