import { describe, expect, it } from 'vitest';
import { HOOK_SOURCE, HOOK_SOURCE_FLUSHED, PROBE_HOOK_HASHES, parseStack } from '../../src/gather/probe/hooks.js';
import { resolveStack } from '../../src/gather/probe/index.js';

describe('page hooks', () => {
  it('have every placeholder filled and parse', () => {
    for (const source of [HOOK_SOURCE, HOOK_SOURCE_FLUSHED]) {
      expect(source).not.toMatch(/__[A-Z_]+__/);
      expect(() => new Function(source)).not.toThrow();
    }
    expect(PROBE_HOOK_HASHES.size).toBe(2);
  });
  it('resolve V8 stacks to captured scripts: external by URL, inline by document line', () => {
    const stack = 'Error\n    at HTMLInputElement.get (<anonymous>:3:5)\n    at collect (https://a.example/pay/card.html:120:17)\n    at https://cdn.example/x.js:4:9';
    expect(parseStack(stack).map((l) => `${l.url}:${l.line}`)).toEqual(['https://a.example/pay/card.html:120', 'https://cdn.example/x.js:4']);
    const scripts = [
      { url: null, documentUrl: 'https://a.example/pay/card.html', startLine: 106, sha256: 'i'.repeat(64) },
      { url: 'https://cdn.example/x.js', documentUrl: 'https://a.example/pay/card.html', startLine: 1, sha256: 'x'.repeat(64) },
    ] as never;
    expect(resolveStack(stack, scripts, { ['i'.repeat(64)]: 'a\n'.repeat(30) })).toMatchObject({ sha256: 'i'.repeat(64), line: 15, column: 17 });
  });
});
