// Dean Edwards' packer: `eval(function(p,a,c,k,e,d){…}('0 1(2)…',62,3,'var|alert|x'.split('|'),0,{}))`.
// The packed payload is a word template: every word is a base-`a` index into the keyword list. This is
// the substitution the unpacking function performs, done without running it (js-beautify's unpacker,
// already a dependency, gets the code by `eval`-ing the packed script: attacker code in the scanner).

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MAX_OUTPUT = 5_000_000;

/** The index a packer word stands for in base `radix` (the packer's own digits), or -1. */
function unbase(word: string, radix: number): number {
  let n = 0;
  for (let i = 0; i < word.length; i++) {
    const d = DIGITS.indexOf(word[i]!);
    if (d < 0 || d >= radix) return -1;
    n = n * radix + d;
  }
  return n;
}

/**
 * The code a packer call unpacks to, given its evaluated arguments (payload, radix, count, keywords),
 * or null when they do not have the packer's shape.
 */
export function unpack(payload: unknown, radix: unknown, count: unknown, keywords: unknown): string | null {
  if (typeof payload !== 'string' || typeof radix !== 'number' || typeof count !== 'number' || !Array.isArray(keywords)) return null;
  if (!Number.isInteger(radix) || radix < 2 || radix > 62 || !Number.isInteger(count) || count < 1 || keywords.length < count) return null;
  if (!keywords.every((k) => typeof k === 'string')) return null;
  const out = payload.replace(/\b\w+\b/g, (w) => {
    const i = unbase(w, radix);
    return i >= 0 && i < count && keywords[i] ? (keywords[i] as string) : w;
  });
  return out.length <= MAX_OUTPUT ? out : null;
}

/** Whether a function expression has the packer's shape: six plain parameters (p, a, c, k, e, d|r), a loop, a return. */
export function isPackerFunction(fn: any): boolean {
  if (fn?.type !== 'FunctionExpression' || fn.params.length !== 6 || !fn.params.every((p: any) => p.type === 'Identifier')) return false;
  const body: any[] = fn.body.body;
  return body.some((s) => s.type === 'WhileStatement' || s.type === 'ForStatement') && body.some((s) => s.type === 'ReturnStatement');
}
